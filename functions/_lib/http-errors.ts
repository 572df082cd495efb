/**
 * The one mapping from errors to HTTP responses. Domain errors carry a kind, never a status; this
 * file is where kinds become statuses. Unknown errors become a 500 with no detail (logged, never
 * shown); the body is always `{"error": {code, message, details, requestId}}`.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type ErrorKind, QuotaExceededError, WardenError } from '../../shared/kernel/errors';

const STATUS: Record<ErrorKind, number> = {
  'invalid-input': 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  'unsupported-media-type': 415,
  'policy-tests-failed': 422,
  unprocessable: 422,
  'quota-exceeded': 429,
  unavailable: 503,
};

/** The JSON error response of any error; `requestId` lets a caller quote the failing call. */
export function errorResponse(error: unknown, requestId: string): APIGatewayProxyStructuredResultV2 {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-request-id': requestId };
  if (error instanceof WardenError) {
    if (error instanceof QuotaExceededError) headers['retry-after'] = String(error.retryAfterSeconds);
    if (error.kind === 'unavailable') headers['retry-after'] = '1';
    return {
      statusCode: STATUS[error.kind],
      headers,
      body: JSON.stringify({ error: { code: error.code, message: error.message, details: error.details, requestId } }),
    };
  }
  return {
    statusCode: 500,
    headers,
    body: JSON.stringify({ error: { code: 'internal_error', message: 'Internal error', details: [], requestId } }),
  };
}

/** The status an error is answered with. */
export const statusOf = (error: unknown): number => (error instanceof WardenError ? STATUS[error.kind] : 500);

/** True when an error would be answered with a 5xx (logged as an error rather than a warning). */
export const isServerError = (error: unknown): boolean => statusOf(error) >= 500;
