import { describe, expect, it } from 'vitest';
import { checkTokenLifetime } from '../../../shared/auth/token-lifetime';

const NOW = 1_800_000_000;
const policy = { maxLifetimeSeconds: 43_200, clockSkewSeconds: 60 };
const check = (payload: Record<string, unknown>) => () => checkTokenLifetime(payload, NOW, policy);

describe('Function: checkTokenLifetime', () => {
  it('accepts a token that lives exactly the maximum', () => {
    expect(check({ iat: NOW, exp: NOW + 43_200 })).not.toThrow();
  });

  it('refuses a token without exp', () => {
    expect(check({ iat: NOW })).toThrow(expect.objectContaining({ code: 'invalid_token', message: 'The token has no expiry (exp)' }));
    expect(check({})).toThrow(/no expiry/);
  });

  it.each([['1800003600'], [null], [Number.NaN], [Number.POSITIVE_INFINITY]])('refuses an exp of %j, which is not a NumericDate', (exp) => {
    expect(check({ iat: NOW, exp })).toThrow(/not a number/);
  });

  it('refuses a token whose exp − iat is longer than the maximum, even by one second', () => {
    expect(check({ iat: NOW - 3600, exp: NOW - 3600 + 43_201 })).toThrow(/longer than the maximum of 43200 seconds/);
  });

  it('measures from nbf when the token has no iat', () => {
    expect(check({ nbf: NOW - 3600, exp: NOW + 43_200 - 3600 })).not.toThrow();
    expect(check({ nbf: NOW - 3600, exp: NOW + 43_200 })).toThrow(/longer than the maximum/);
  });

  it('bounds a token with neither iat nor nbf by its remaining time: at most the maximum plus the skew', () => {
    expect(check({ exp: NOW + 43_200 + 60 })).not.toThrow();
    expect(check({ exp: NOW + 43_200 + 61 })).toThrow(/longer than the maximum/);
  });

  it('allows 60 s of clock skew on expiry, and no more', () => {
    expect(check({ iat: NOW - 3600, exp: NOW - 59 })).not.toThrow();
    expect(check({ iat: NOW - 3600, exp: NOW - 60 })).toThrow('The token has expired');
  });

  it('refuses a token issued or valid only more than 60 s in the future', () => {
    expect(check({ iat: NOW + 60, exp: NOW + 3600 })).not.toThrow();
    expect(check({ iat: NOW + 61, exp: NOW + 3600 })).toThrow(/issued in the future/);
    expect(check({ nbf: NOW + 61, exp: NOW + 3600 })).toThrow(/not valid yet/);
  });

  it('follows the configured maximum', () => {
    expect(() => checkTokenLifetime({ iat: NOW, exp: NOW + 3601 }, NOW, { maxLifetimeSeconds: 3600, clockSkewSeconds: 60 })).toThrow(
      /maximum of 3600/,
    );
  });
});
