/**
 * The CLI's HTTP client: JSON in and out, the caller's token, a timeout on every call, and the API's
 * error answers turned into ApiError with their code, message and details.
 */

/** An error answer of the API (or no answer at all: status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly { path?: string; message: string }[] = [],
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiOptions {
  readonly url: string;
  readonly token?: string | undefined;
  /** Each call's limit; a stalled server gives an error instead of a hang. */
  readonly timeoutMs?: number;
}

export type Query = Readonly<Record<string, string | number | boolean | undefined>>;

/** A path with its query string; undefined values are left out. */
export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function errorOf(response: Response): Promise<ApiError> {
  const text = await response.text();
  try {
    const { error } = JSON.parse(text) as { error: { code: string; message: string; details?: []; requestId?: string } };
    return new ApiError(response.status, error.code, error.message, error.details ?? [], error.requestId);
  } catch {
    return new ApiError(response.status, `http_${response.status}`, text.slice(0, 200) || response.statusText);
  }
}

/** A client for one server and caller. */
export function createApi(options: ApiOptions) {
  const base = options.url.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function send(method: string, path: string, body?: unknown, accept = 'application/json'): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: {
          accept,
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const cause =
        error instanceof Error && error.name === 'TimeoutError'
          ? `no answer within ${timeoutMs / 1000} s`
          : String((error as Error).cause ?? error);
      throw new ApiError(0, 'unreachable', `Cannot reach ${base}: ${cause}`);
    }
    if (!response.ok) throw await errorOf(response);
    return response;
  }

  async function json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await send(method, path, body);
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  return {
    url: base,
    get: <T = unknown>(path: string, query?: Query) => json<T>('GET', withQuery(path, query)),
    post: <T = unknown>(path: string, body: unknown = {}) => json<T>('POST', path, body),
    put: <T = unknown>(path: string, body: unknown) => json<T>('PUT', path, body),
    delete: <T = unknown>(path: string) => json<T>('DELETE', path),
    /** The raw answer, for downloads (CSV) that are not JSON. */
    raw: (path: string, query?: Query, accept = '*/*') => send('GET', withQuery(path, query), undefined, accept),
  };
}
export type Api = ReturnType<typeof createApi>;
