/**
 * Idempotency keys on the decision path: a key is bound to the request it was first sent with. A
 * retry of the same request (same body, same route) within the window replays the first answers
 * without deciding again or spending quota; the same key with a different request is refused, since
 * a replay would answer a question the agent did not ask (an `allow` for what is now a `deny`).
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../kernel/canonical-json';
import { UnprocessableError } from '../kernel/errors';
import type { AuthorizeRequest, DecisionAnswer } from './decision-record';
import type { ClaimedAnswers } from './decision-store';

/** How long an idempotency key holds its first answer. */
export const IDEMPOTENCY_WINDOW_SECONDS = 600;

/** The fingerprint of a single request or a batch: SHA-256 of its canonical JSON. */
export const requestFingerprint = (requests: readonly AuthorizeRequest[], batch: boolean): string =>
  createHash('sha256').update(canonicalJson({ batch, requests })).digest('base64url');

/**
 * The answers to replay for a key already claimed: the stored ones when the request is the same,
 * else 422 `idempotency_key_reused`.
 */
export function replayOf(claimed: ClaimedAnswers, fingerprint: string): DecisionAnswer[] {
  if (claimed.fingerprint !== undefined && claimed.fingerprint !== fingerprint) {
    throw new UnprocessableError(
      'idempotency_key_reused',
      'This Idempotency-Key was used with a different request within the last 10 minutes; use a new key for a new request',
      [{ path: 'idempotency-key', in: 'header', message: 'already used with a different request body' }],
    );
  }
  return claimed.answers as DecisionAnswer[];
}
