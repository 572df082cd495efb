import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { apiKeyShape, hashApiKey, issueApiKey, keyIdOf, looksLikeApiKey, tenantOfApiKey } from '../../../shared/auth/api-key';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** The checksum written independently of the module: CRC32 of the key before it, six base62 digits, most significant first. */
function referenceChecksum(body: string): string {
  let value = crc32(body);
  const digits: string[] = [];
  for (let i = 0; i < 6; i++) {
    digits.unshift(BASE62[value % 62] ?? '');
    value = Math.floor(value / 62);
  }
  return digits.join('');
}

/** `key` with the character at `index` replaced by another base62 character. */
const flip = (key: string, index: number) => `${key.slice(0, index)}${key[index] === 'A' ? 'B' : 'A'}${key.slice(index + 1)}`;

describe('Function: issueApiKey', () => {
  it('issues a recognisable key: 43 random base62 characters (256 bits) and a 6-character checksum, bound to its tenant', () => {
    const { apiKey } = issueApiKey('acme-eu');
    expect(apiKey).toMatch(/^wdn_acme-eu_[A-Za-z0-9]{49}$/);
    expect(apiKey.slice(-6)).toBe(referenceChecksum(apiKey.slice(0, -6)));
    expect(apiKeyShape(apiKey)).toEqual({ tenantId: 'acme-eu', format: 'checked' });
  });

  it('draws the random part from the whole base62 alphabet', () => {
    const seen = new Set(Array.from({ length: 200 }, () => issueApiKey('a').apiKey.slice(6, -6)).join(''));
    expect(seen.size).toBe(62);
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

describe('Function: apiKeyShape', () => {
  it('refuses a key with any one character changed, without any lookup', () => {
    const { apiKey } = issueApiKey('acme');
    for (const index of [9, 20, 51, 52, apiKey.length - 1]) expect(apiKeyShape(flip(apiKey, index))).toBeUndefined();
  });

  it("refuses a key whose tenant part is changed to another tenant's", () => {
    const { apiKey } = issueApiKey('acme');
    expect(apiKeyShape(apiKey.replace('wdn_acme_', 'wdn_acmf_'))).toBeUndefined();
  });

  it('refuses random text shaped like a key (all but one in 2^32 fail the checksum)', () => {
    const random = Array.from({ length: 1000 }, () => `wdn_acme_${issueApiKey('x').apiKey.slice(6, -6)}${'abcdef'}`);
    expect(random.filter((key) => apiKeyShape(key) !== undefined).length).toBeLessThanOrEqual(1);
  });

  it('still accepts the shape of keys issued before checksums (43 base64url characters) as legacy', () => {
    const legacy = `wdn_acme_${Buffer.alloc(32, 7).toString('base64url')}`;
    expect(apiKeyShape(legacy)).toEqual({ tenantId: 'acme', format: 'legacy' });
    expect(looksLikeApiKey(legacy)).toBe(true);
  });
});

describe('Function: tenantOfApiKey', () => {
  it.each([
    '',
    'wdn_',
    'wdn_acme_short',
    'Bearer wdn_acme_x',
    `wdn_ACME_${'a'.repeat(43)}`,
    `sk_acme_${'a'.repeat(43)}`,
    `wdn_acme_${'a'.repeat(48)}`,
  ])('rejects %j', (text) => {
    expect(tenantOfApiKey(text)).toBeUndefined();
  });

  it.each(['', 'wdn_', 'wdn_acme_short', 'Bearer wdn_acme_x', `wdn_ACME_${'a'.repeat(43)}`, `sk_acme_${'a'.repeat(43)}`])(
    'does not take %j for a key',
    (text) => {
      expect(looksLikeApiKey(text)).toBe(false);
    },
  );
});
