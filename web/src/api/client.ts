/**
 * The console's only way to Warden: the public HTTP API on the same origin, through a client typed
 * from the OpenAPI document (schema.d.ts). Every call carries the signed-in person's token; an
 * error answer becomes an ApiError with the API's code and message, shown as it is.
 */
import createClient from 'openapi-fetch';
import type { paths } from './schema';

/** An error answer of the API (its `error.code` and `error.message`), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The fields the API named (`rules.0.effect`), with what is wrong with each. */
    readonly details: readonly { path?: string; message: string }[] = [],
  ) {
    super(message);
  }
}

let currentToken: string | undefined;
let onUnauthorized: () => void = () => undefined;

/** Sets the bearer token sent with every call, and what happens when the API answers 401. */
export function setApiToken(token: string | undefined, unauthorized: () => void = () => undefined) {
  currentToken = token;
  onUnauthorized = unauthorized;
}

export const api = createClient<paths>({ baseUrl: '' });

api.use({
  onRequest({ request }) {
    if (currentToken) request.headers.set('authorization', `Bearer ${currentToken}`);
    return request;
  },
});

interface Answer {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/**
 * The body of a successful answer as `T` (the shapes docs/api.md gives; most routes' OpenAPI
 * entries do not describe their answers yet), or an ApiError.
 */
export async function read<T>(call: Promise<Answer>): Promise<T> {
  let answer: Answer;
  try {
    answer = await call;
  } catch (error) {
    throw new ApiError(0, 'network', `Warden did not answer: ${String(error)}`);
  }
  if (answer.response.ok) return answer.data as T;
  if (answer.response.status === 401) onUnauthorized();
  const body = answer.error as { error?: { code?: string; message?: string; details?: { path?: string; message: string }[] } } | undefined;
  throw new ApiError(
    answer.response.status,
    body?.error?.code ?? 'error',
    body?.error?.message ?? answer.response.statusText,
    body?.error?.details ?? [],
  );
}
