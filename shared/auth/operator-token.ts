/**
 * Operator JWTs: verification (signature, expiry, issuer, audience) and, for local development,
 * minting. On AWS the HTTP API's JWT authorizer verifies tokens against the IdP; the local runtime
 * verifies them here against its dev key, so handlers see the same claims either way.
 */
import { SignJWT, jwtVerify, type CryptoKey, type JWK, type KeyObject, importJWK } from 'jose';
import { UnauthenticatedError } from '../kernel/errors';
import { type OperatorClaims, OperatorClaimsSchema } from './principal';

export interface TokenIssuerSettings {
  readonly issuer: string;
  readonly audience: string;
}

type VerifyKey = CryptoKey | KeyObject | Uint8Array;

/** Returns a function that verifies a bearer token and yields its claims, or throws UnauthenticatedError. */
export function createOperatorTokenVerifier(key: VerifyKey, settings: TokenIssuerSettings) {
  return async function verifyOperatorToken(token: string): Promise<{ claims: OperatorClaims; raw: Record<string, unknown> }> {
    try {
      const { payload } = await jwtVerify(token, key, { issuer: settings.issuer, audience: settings.audience, algorithms: ['ES256'] });
      return { claims: OperatorClaimsSchema.parse(payload), raw: payload as Record<string, unknown> };
    } catch (error) {
      throw new UnauthenticatedError('Invalid operator token', 'invalid_token', { cause: error });
    }
  };
}

/** Signs an operator token with an ES256 private key (local development and tests). */
export async function signOperatorToken(
  claims: { sub: string; tenant?: string; roles: readonly string[]; teams?: readonly string[] },
  privateJwk: JWK,
  settings: TokenIssuerSettings & { expiresIn?: string; nowSeconds?: number },
): Promise<string> {
  const key = await importJWK(privateJwk, 'ES256');
  const jwt = new SignJWT({
    roles: [...claims.roles],
    ...(claims.tenant === undefined ? {} : { tenant: claims.tenant }),
    ...(claims.teams === undefined ? {} : { teams: [...claims.teams] }),
  })
    .setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid ?? 'warden-local' })
    .setSubject(claims.sub)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt(settings.nowSeconds)
    .setExpirationTime(settings.expiresIn ?? '12h');
  return jwt.sign(key);
}
