import { decodeJwt, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOperatorTokenVerifier, payloadOfGatewayVerifiedToken, signOperatorToken } from '../../../shared/auth/operator-token';
import { gatewayClaims } from '../../../infra/local/apigw-event';

const settings = { issuer: 'https://issuer.test/', audience: 'warden' };
let privateJwk: JWK;
let publicKey: Awaited<ReturnType<typeof generateKeyPair>>['publicKey'];

/** Signs any payload (times included or left out) with the test key. */
async function signRaw(payload: Record<string, unknown>): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'ES256' })
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .sign(await importJWK(privateJwk, 'ES256'));
}

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  privateJwk = await exportJWK(pair.privateKey);
  publicKey = pair.publicKey;
});

describe('Function: createOperatorTokenVerifier', () => {
  const now = () => Math.floor(Date.now() / 1000);

  it('accepts a token minted with the default lifetime (12 h) and yields its claims', async () => {
    const token = await signOperatorToken({ sub: 'alice', roles: ['tenant-admin'], tenant: 'acme' }, privateJwk, settings);
    const { claims, raw } = await createOperatorTokenVerifier(publicKey, settings)(token);
    expect(claims).toMatchObject({ sub: 'alice', tenant: 'acme', roles: ['tenant-admin'] });
    expect(Number(raw.exp) - Number(raw.iat)).toBe(43_200);
  });

  it('refuses a token without exp', async () => {
    const token = await signRaw({ sub: 'alice', roles: ['tenant-admin'], iat: now() });
    await expect(createOperatorTokenVerifier(publicKey, settings)(token)).rejects.toMatchObject({
      name: 'UnauthenticatedError',
      code: 'invalid_token',
    });
  });

  it('refuses a token that lives longer than the configured maximum', async () => {
    const token = await signOperatorToken({ sub: 'alice', roles: ['auditor'] }, privateJwk, { ...settings, lifetimeSeconds: 3601 });
    const verify = createOperatorTokenVerifier(publicKey, { ...settings, lifetime: { maxLifetimeSeconds: 3600 } });
    await expect(verify(token)).rejects.toThrow(/longer than the maximum of 3600 seconds/);
    await expect(createOperatorTokenVerifier(publicKey, settings)(token)).resolves.toBeDefined();
  });

  it('accepts a token expired less than 60 s ago and refuses one expired 60 s ago', async () => {
    const t = now();
    const token = await signOperatorToken({ sub: 'alice', roles: ['auditor'] }, privateJwk, {
      ...settings,
      nowSeconds: t - 3600,
      lifetimeSeconds: 3600,
    });
    await expect(createOperatorTokenVerifier(publicKey, { ...settings, nowSeconds: () => t + 59 })(token)).resolves.toBeDefined();
    await expect(createOperatorTokenVerifier(publicKey, { ...settings, nowSeconds: () => t + 60 })(token)).rejects.toMatchObject({
      code: 'invalid_token',
    });
  });

  it('refuses a token signed by another key', async () => {
    const other = await generateKeyPair('ES256');
    const token = await signOperatorToken({ sub: 'alice', roles: ['auditor'] }, privateJwk, settings);
    await expect(createOperatorTokenVerifier(other.publicKey, settings)(token)).rejects.toMatchObject({ code: 'invalid_token' });
  });
});

describe('Function: payloadOfGatewayVerifiedToken', () => {
  it("returns the token's own payload, arrays intact, when it matches the gateway's claims", async () => {
    const token = await signOperatorToken({ sub: 'lead', roles: ['team-lead'], tenant: 'acme', teams: ['x y'] }, privateJwk, settings);
    const payload = payloadOfGatewayVerifiedToken(token, gatewayClaims(decodeJwt(token)));
    expect(payload.teams).toEqual(['x y']);
  });

  it.each([
    ['sub', { sub: 'mallory' }],
    ['iss', { iss: 'https://other.test/' }],
    ['exp', { exp: '1' }],
    ['iat', { iat: '2' }],
    ['tenant', { tenant: 'globex' }],
  ])('refuses a token whose %s differs from what the gateway verified', async (_name, change) => {
    const token = await signOperatorToken({ sub: 'lead', roles: ['team-lead'], tenant: 'acme' }, privateJwk, settings);
    expect(() => payloadOfGatewayVerifiedToken(token, { ...gatewayClaims(decodeJwt(token)), ...change })).toThrow(
      /not the one the gateway verified/,
    );
  });

  it("refuses when the gateway's claims lack sub, iss or exp", async () => {
    const token = await signOperatorToken({ sub: 'lead', roles: ['team-lead'] }, privateJwk, settings);
    const { exp: _exp, ...claims } = gatewayClaims(decodeJwt(token));
    expect(() => payloadOfGatewayVerifiedToken(token, claims)).toThrow(/\(exp\)/);
  });

  it('refuses a bearer token that is not a JWT', () => {
    expect(() => payloadOfGatewayVerifiedToken('not-a-jwt', { sub: 'a' })).toThrow(/not a JWT/);
  });
});
