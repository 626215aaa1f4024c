/** The one error shape of the Sortie API: `{error: {code, message, details}}`. */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/**
 * An API call that failed. `message` is the sentence the server wrote, so the UI can show it as is;
 * failures without a server sentence (network down, non-JSON answer) get a sentence of our own.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}
