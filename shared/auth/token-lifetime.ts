/**
 * How long an operator token may live. A token must say when it expires (`exp`), and no token may
 * live longer than a configured maximum, so a leaked token is worth little for long. Times are
 * JWT NumericDates (seconds since the epoch); clocks of the issuer and of Warden may disagree by
 * up to `clockSkewSeconds`.
 */
import { UnauthenticatedError } from '../kernel/errors';

/** The rule a token's times are held to. */
export interface TokenLifetimePolicy {
  /** The longest a token may live, in seconds. */
  readonly maxLifetimeSeconds: number;
  /** How far the issuer's clock and Warden's may disagree, in seconds. */
  readonly clockSkewSeconds: number;
}

/** 12 hours. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 43_200;
/** One minute. */
export const TOKEN_CLOCK_SKEW_SECONDS = 60;

const refuse = (message: string) => new UnauthenticatedError(message, 'invalid_token');

/** A NumericDate claim, or undefined when absent; UnauthenticatedError when present but not a number. */
function numericDate(payload: Record<string, unknown>, name: string): number | undefined {
  const value = payload[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw refuse(`The token's ${name} claim is not a number`);
  return value;
}

/**
 * Checks a token's times at `nowSeconds`: `exp` present and not more than the skew in the past;
 * `nbf` and `iat` (when present) not more than the skew in the future; `exp − iat` (or
 * `exp − nbf` without `iat`) at most the maximum; and `exp` at most maximum + skew ahead of now
 * (which bounds tokens that carry neither). Throws UnauthenticatedError (`invalid_token`).
 */
export function checkTokenLifetime(payload: Record<string, unknown>, nowSeconds: number, policy: TokenLifetimePolicy): void {
  const { maxLifetimeSeconds: max, clockSkewSeconds: skew } = policy;
  const exp = numericDate(payload, 'exp');
  const nbf = numericDate(payload, 'nbf');
  const iat = numericDate(payload, 'iat');
  if (exp === undefined) throw refuse('The token has no expiry (exp)');
  if (exp <= nowSeconds - skew) throw refuse('The token has expired');
  if (nbf !== undefined && nbf > nowSeconds + skew) throw refuse('The token is not valid yet (nbf)');
  if (iat !== undefined && iat > nowSeconds + skew) throw refuse('The token was issued in the future (iat)');
  const start = iat ?? nbf;
  if ((start !== undefined && exp - start > max) || exp - nowSeconds > max + skew) {
    throw refuse(`The token lives longer than the maximum of ${max} seconds`);
  }
}
