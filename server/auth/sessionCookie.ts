/** Name of the cookie that carries the session token. */
export const SESSION_COOKIE = 'sortie_session';

/** Finds one cookie's value in a Cookie header; undefined when absent or malformed. */
export function readCookie(cookieHeader: string | undefined, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    if (part.slice(0, separator).trim() !== name) continue;
    const value = part.slice(separator + 1).trim();
    try {
      return decodeURIComponent(value);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export interface SessionCookieOptions {
  /** Only over TLS: set when the public URL is https. */
  secure: boolean;
  ttlMs: number;
}

/** Attributes of the session cookie: invisible to scripts, never sent cross-site. */
export function sessionCookieAttributes({ secure, ttlMs }: SessionCookieOptions) {
  return {
    httpOnly: true,
    sameSite: 'strict' as const,
    secure,
    path: '/',
    maxAge: ttlMs,
  };
}
