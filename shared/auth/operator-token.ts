/**
 * Operator JWTs: verification (signature, expiry and lifetime, issuer, audience), reading the
 * token a gateway has already verified, and, for local development, minting. On AWS the HTTP
 * API's JWT authorizer verifies tokens against the IdP; the local runtime verifies them here
 * against its dev key. Either way the functions read claims from the token's own payload (so a
 * list claim stays a list) and hold its times to the lifetime rule themselves.
 */
import { SignJWT, decodeJwt, jwtVerify, type CryptoKey, type JWK, type KeyObject, importJWK } from 'jose';
import { UnauthenticatedError } from '../kernel/errors';
import { type OperatorClaims, OperatorClaimsSchema } from './principal';
import {
  checkTokenLifetime,
  DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
  TOKEN_CLOCK_SKEW_SECONDS,
  type TokenLifetimePolicy,
} from './token-lifetime';

export interface TokenIssuerSettings {
  readonly issuer: string;
  readonly audience: string;
}

type VerifyKey = CryptoKey | KeyObject | Uint8Array;

const invalid = (message: string, cause?: unknown) =>
  new UnauthenticatedError(message, 'invalid_token', cause === undefined ? {} : { cause });

/** The claims of a token payload; UnauthenticatedError when they cannot be read. */
export function operatorClaimsOf(payload: Record<string, unknown>): OperatorClaims {
  const parsed = OperatorClaimsSchema.safeParse(payload);
  if (!parsed.success) throw invalid('The operator token lacks a subject or carries malformed claims', parsed.error);
  return parsed.data;
}

/**
 * Returns a function that verifies a bearer token (signature, issuer, audience, and the lifetime
 * rule against the machine's clock unless `nowSeconds` is given) and yields its claims, or throws
 * UnauthenticatedError.
 */
export function createOperatorTokenVerifier(
  key: VerifyKey,
  settings: TokenIssuerSettings & { lifetime?: Partial<TokenLifetimePolicy>; nowSeconds?: () => number },
) {
  const policy: TokenLifetimePolicy = {
    maxLifetimeSeconds: settings.lifetime?.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
    clockSkewSeconds: settings.lifetime?.clockSkewSeconds ?? TOKEN_CLOCK_SKEW_SECONDS,
  };
  const now = settings.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  return async function verifyOperatorToken(token: string): Promise<{ claims: OperatorClaims; raw: Record<string, unknown> }> {
    let payload: Record<string, unknown>;
    try {
      const nowSeconds = now();
      ({ payload } = await jwtVerify(token, key, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: ['ES256'],
        requiredClaims: ['exp'],
        clockTolerance: policy.clockSkewSeconds,
        currentDate: new Date(nowSeconds * 1000),
      }));
      checkTokenLifetime(payload, nowSeconds, policy);
    } catch (error) {
      throw error instanceof UnauthenticatedError ? error : invalid('Invalid operator token', error);
    }
    return { claims: operatorClaimsOf(payload), raw: payload };
  };
}

/** Registered claims that must read the same in the token and in the gateway's claims. */
const REQUIRED_MATCHES = ['sub', 'iss', 'exp'] as const;
/** Claims that, when the token carries them, must be in the gateway's claims with the same value. */
const OPTIONAL_MATCHES = ['iat', 'nbf', 'jti', 'tenant'] as const;

/** Whether a claim of the token and the gateway's text of it agree (gateways hand claims over as text). */
function sameClaim(tokenValue: unknown, gatewayValue: unknown): boolean {
  if (tokenValue === undefined || gatewayValue === undefined || gatewayValue === null) return false;
  if (typeof tokenValue === 'number') return Number(gatewayValue) === tokenValue;
  return typeof tokenValue === 'string' && String(gatewayValue) === tokenValue;
}

/**
 * The payload of a bearer token that a gateway has verified, decoded (not verified again) and
 * checked against the claims the gateway says it verified: `sub`, `iss` and `exp` must agree, and
 * so must `iat`, `nbf`, `jti` and `tenant` when the token carries them. The gateway's claims are
 * never parsed for values (API Gateway flattens arrays to `[a b]` text); they only vouch for the
 * token. UnauthenticatedError when the token cannot be decoded or does not match.
 */
export function payloadOfGatewayVerifiedToken(token: string, gatewayClaims: Record<string, unknown>): Record<string, unknown> {
  let payload: Record<string, unknown>;
  try {
    payload = decodeJwt(token);
  } catch (error) {
    throw invalid('The bearer token is not a JWT', error);
  }
  const mismatched = [
    ...REQUIRED_MATCHES.filter((name) => !sameClaim(payload[name], gatewayClaims[name])),
    ...OPTIONAL_MATCHES.filter((name) => payload[name] !== undefined && !sameClaim(payload[name], gatewayClaims[name])),
  ];
  if (mismatched.length > 0) throw invalid(`The bearer token is not the one the gateway verified (${mismatched.join(', ')})`);
  return payload;
}

/**
 * Signs an operator token with an ES256 private key (local development and tests): issued at
 * `nowSeconds` (default now), expiring `lifetimeSeconds` later (default the 12-hour maximum).
 */
export async function signOperatorToken(
  claims: { sub: string; tenant?: string; roles: readonly string[]; teams?: readonly string[] },
  privateJwk: JWK,
  settings: TokenIssuerSettings & { lifetimeSeconds?: number; nowSeconds?: number },
): Promise<string> {
  const key = await importJWK(privateJwk, 'ES256');
  const issuedAt = settings.nowSeconds ?? Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({
    roles: [...claims.roles],
    ...(claims.tenant === undefined ? {} : { tenant: claims.tenant }),
    ...(claims.teams === undefined ? {} : { teams: [...claims.teams] }),
  })
    .setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid ?? 'warden-local' })
    .setSubject(claims.sub)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + (settings.lifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS));
  return jwt.sign(key);
}
