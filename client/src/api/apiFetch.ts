import { ApiError, isApiErrorBody } from './apiError';

export type QueryValue = string | number | boolean | null | undefined;

/** Builds `/api/...?a=1&b=2`, leaving out empty values. */
export function apiUrl(path: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(name, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** A body sent as is, in the format its media type names (fence files: GeoJSON, KML). */
  rawBody?: { contentType: string; text: string };
  signal?: AbortSignal;
}

/**
 * Calls the Sortie API on the same origin (the session cookie goes along) and returns the parsed
 * JSON. Throws ApiError carrying the server's own sentence on any error status.
 */
export async function apiFetch<T>(path: string, request: ApiRequest = {}): Promise<T> {
  const { method = 'GET', query, body, rawBody, signal } = request;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (rawBody) headers['content-type'] = rawBody.contentType;
  else if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(apiUrl(path, query), {
      method,
      credentials: 'same-origin',
      headers,
      body: rawBody ? rawBody.text : body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(
      'The server cannot be reached. Check the network and try again.',
      0,
      'network',
    );
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    if (isApiErrorBody(parsed)) {
      const { code, message, details } = parsed.error;
      throw new ApiError(message, response.status, code, details);
    }
    throw new ApiError(
      `The server answered ${response.status} ${response.statusText} without an explanation.`,
      response.status,
      'http_error',
    );
  }
  return parsed as T;
}
