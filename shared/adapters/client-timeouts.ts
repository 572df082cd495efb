/**
 * How long Warden waits for AWS services (DynamoDB, STS, Step Functions, S3) before giving up:
 * every SDK client the adapters and functions build takes these settings, so a stalled dependency
 * becomes a fast 503 (dependency_unavailable) instead of a request that hangs until the function
 * times out. Two attempts of at most 2 s each (1 s to connect), with the SDK's backoff between
 * them: a call fails within about 4.5 s at worst (docs/api.md "Limits and timeouts").
 */

/** Milliseconds to open a connection. */
export const CONNECT_TIMEOUT_MS = 1000;
/** Milliseconds a request may wait without receiving anything. */
export const REQUEST_TIMEOUT_MS = 2000;
/** Attempts per call (the first and one retry). */
export const MAX_ATTEMPTS = 2;

/** Client configuration to spread into any AWS SDK v3 client's constructor. */
export const CLIENT_TIMEOUTS = {
  maxAttempts: MAX_ATTEMPTS,
  requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS, throwOnRequestTimeout: true },
} as const;
