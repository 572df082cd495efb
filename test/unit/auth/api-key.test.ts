import { describe, expect, it } from 'vitest';
import { hashApiKey, issueApiKey, keyIdOf, looksLikeApiKey, tenantOfApiKey } from '../../../shared/auth/api-key';

describe('Function: issueApiKey', () => {
  it('issues a recognisable key with 256 random bits, bound to its tenant', () => {
    const { apiKey } = issueApiKey('acme-eu');
    expect(apiKey).toMatch(/^wdn_acme-eu_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(apiKey.split('_').slice(2).join('_'), 'base64url')).toHaveLength(32);
    expect(tenantOfApiKey(apiKey)).toBe('acme-eu');
  });

  it('returns only the digest for storage, never the key', () => {
    const issued = issueApiKey('acme');
    expect(issued.keyHash).toBe(hashApiKey(issued.apiKey));
    expect(issued.keyHash).not.toContain(issued.apiKey.slice(9));
    expect(issued.keyId).toBe(keyIdOf(issued.keyHash));
  });

  it('never issues the same key twice', () => {
    const keys = new Set(Array.from({ length: 1000 }, () => issueApiKey('acme').apiKey));
    expect(keys.size).toBe(1000);
  });
});

describe('Function: tenantOfApiKey', () => {
  it.each(['', 'wdn_', 'wdn_acme_short', 'Bearer wdn_acme_x', `wdn_ACME_${'a'.repeat(43)}`, `sk_acme_${'a'.repeat(43)}`])('rejects %j', (text) => {
    expect(tenantOfApiKey(text)).toBeUndefined();
    expect(looksLikeApiKey(text)).toBe(false);
  });
});
