import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { decodeJwt, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { type OperatorTokenCheck, operatorFromEvent } from '../../../functions/_lib/principal-from-event';
import { gatewayClaims } from '../../../infra/local/apigw-event';
import { signOperatorToken } from '../../../shared/auth/operator-token';
import { createFixedClock } from '../../../shared/kernel/clock';

const settings = { issuer: 'https://issuer.test/', audience: 'warden' };
const NOW = 1_800_000_000;
const check: OperatorTokenCheck = { lifetime: { maxLifetimeSeconds: 43_200, clockSkewSeconds: 60 }, clock: createFixedClock(NOW * 1000) };
let privateJwk: JWK;

/** The event API Gateway hands a function after its JWT authorizer verified `token` (claims flattened to text). */
const eventWith = (token: string, claims: Record<string, string> = gatewayClaims(decodeJwt(token))) =>
  ({
    headers: { authorization: `Bearer ${token}` },
    requestContext: { authorizer: { jwt: { claims, scopes: null } } },
  }) as unknown as APIGatewayProxyEventV2;

beforeAll(async () => {
  privateJwk = await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey);
});

describe('Function: operatorFromEvent', () => {
  it("reads roles and teams from the token's own payload, each element one exact value", async () => {
    const token = await signOperatorToken(
      { sub: 'lead', tenant: 'acme', roles: ['team-lead', 'auditor tenant-admin'], teams: ['x y'] },
      privateJwk,
      { ...settings, nowSeconds: NOW },
    );
    expect(operatorFromEvent(eventWith(token), check)).toEqual({
      kind: 'operator',
      sub: 'lead',
      tenantId: 'acme',
      roles: ['team-lead'],
      teams: ['x y'],
    });
  });

  it("never splits the gateway's flattened claims, even when they are all there is to read", async () => {
    const token = await signOperatorToken({ sub: 'lead', tenant: 'acme', roles: ['auditor tenant-admin'] }, privateJwk, {
      ...settings,
      nowSeconds: NOW,
    });
    expect(gatewayClaims(decodeJwt(token)).roles).toBe('[auditor tenant-admin]');
    expect(operatorFromEvent(eventWith(token), check).roles).toEqual([]);
  });

  it('refuses a token without exp even though the gateway let it through', async () => {
    const token = await new SignJWT({ roles: ['platform-admin'] })
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject('root')
      .setIssuer(settings.issuer)
      .setAudience(settings.audience)
      .setIssuedAt(NOW)
      .sign(await importJWK(privateJwk, 'ES256'));
    // A gateway that does not insist on exp hands over the other claims, and an exp it never saw.
    expect(() => operatorFromEvent(eventWith(token, { ...gatewayClaims(decodeJwt(token)), exp: '' }), check)).toThrow(
      expect.objectContaining({ name: 'UnauthenticatedError', code: 'invalid_token' }),
    );
  });

  it('refuses a token that lives longer than the configured maximum', async () => {
    const token = await signOperatorToken({ sub: 'a', roles: ['auditor'] }, privateJwk, {
      ...settings,
      nowSeconds: NOW,
      lifetimeSeconds: 43_201,
    });
    expect(() => operatorFromEvent(eventWith(token), check)).toThrow(/longer than the maximum of 43200 seconds/);
  });

  it('judges expiry by the clock it is given, with 60 s of skew', async () => {
    const token = await signOperatorToken({ sub: 'a', roles: ['auditor'] }, privateJwk, {
      ...settings,
      nowSeconds: NOW - 3600,
      lifetimeSeconds: 3600,
    });
    expect(operatorFromEvent(eventWith(token), { ...check, clock: createFixedClock((NOW + 59) * 1000) }).sub).toBe('a');
    expect(() => operatorFromEvent(eventWith(token), { ...check, clock: createFixedClock((NOW + 60) * 1000) })).toThrow(
      'The token has expired',
    );
  });

  it('refuses a bearer token other than the one the gateway verified', async () => {
    const verified = await signOperatorToken({ sub: 'reader', tenant: 'acme', roles: ['auditor'] }, privateJwk, {
      ...settings,
      nowSeconds: NOW,
    });
    const other = await signOperatorToken({ sub: 'admin', tenant: 'acme', roles: ['tenant-admin'] }, privateJwk, {
      ...settings,
      nowSeconds: NOW,
    });
    expect(() => operatorFromEvent(eventWith(other, gatewayClaims(decodeJwt(verified))), check)).toThrow(
      /not the one the gateway verified/,
    );
  });

  it('refuses a request without a bearer token or without gateway claims', async () => {
    const token = await signOperatorToken({ sub: 'a', roles: ['auditor'] }, privateJwk, { ...settings, nowSeconds: NOW });
    const event = eventWith(token);
    expect(() => operatorFromEvent({ ...event, headers: {} }, check)).toThrow(/Missing operator claims/);
    expect(() => operatorFromEvent({ ...event, requestContext: {} } as unknown as APIGatewayProxyEventV2, check)).toThrow(
      /Missing operator claims/,
    );
  });
});
