/** PKCE (RFC 7636) as the console's OpenID Connect sign-in uses it. */
import { describe, expect, it } from 'vitest';
import { challengeOf, newVerifier } from '../../../web/src/auth/pkce';

describe('PKCE', () => {
  it("derives the S256 challenge of RFC 7636's example verifier", async () => {
    expect(await challengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes verifiers of 43 URL-safe characters, a new one each time', () => {
    const verifier = newVerifier();
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newVerifier()).not.toBe(verifier);
  });
});
