/**
 * A signed-in API user for setting up a test through the real REST API (no database shortcuts):
 * logs in, keeps the session cookie, and throws the server's sentence on an error.
 */
export class ApiSession {
  private cookie = '';

  private constructor(readonly baseUrl: string) {}

  /** The session cookie as a browser sends it. */
  get cookieHeader(): string {
    return this.cookie;
  }

  /** The same session used against another address (another server instance, a proxy). */
  on(baseUrl: string): ApiSession {
    const session = new ApiSession(baseUrl);
    session.cookie = this.cookie;
    return session;
  }

  static async login(baseUrl: string, email: string, password: string): Promise<ApiSession> {
    const session = new ApiSession(baseUrl);
    const response = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (!response.ok) throw new Error(`Login as ${email} failed: ${await response.text()}`);
    session.cookie = response.headers
      .getSetCookie()
      .map((line) => line.split(';')[0])
      .join('; ');
    return session;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        cookie: this.cookie,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }
}
