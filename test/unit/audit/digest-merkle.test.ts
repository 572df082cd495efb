import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { merkleRoot, recordHash, textHash } from '../../../shared/audit/merkle';

const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();

/** RFC 6962 §2.1 as written: MTH(D[n]) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n])), k the largest power of two below n. */
function referenceRoot(leaves: Buffer[]): Buffer {
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return sha(Buffer.from([1]), referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

describe('Function: recordHash', () => {
  it('is the same for a record read back with its keys in another order', () => {
    expect(recordHash({ id: 'dec_1', at: 't', request: { action: 'a', resource: 'r' } })).toBe(
      recordHash({ request: { resource: 'r', action: 'a' }, at: 't', id: 'dec_1' }),
    );
  });

  it('changes when any value changes, however deep', () => {
    const record = { id: 'dec_1', request: { context: { amount: 10 } } };
    expect(recordHash({ id: 'dec_1', request: { context: { amount: 11 } } })).not.toBe(recordHash(record));
  });
});

describe('Function: merkleRoot', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 16, 17])('gives the RFC 6962 tree hash of %i leaves', (count) => {
    const leaves = Array.from({ length: count }, (_, i) => recordHash({ i }));
    expect(merkleRoot(leaves)).toBe(referenceRoot(leaves.map((leaf) => Buffer.from(leaf, 'base64url'))).toString('base64url'));
  });

  it('changes when two leaves swap places', () => {
    const [a, b, c] = ['a', 'b', 'c'].map((text) => recordHash(text)) as [string, string, string];
    expect(merkleRoot([a, b, c])).not.toBe(merkleRoot([b, a, c]));
  });

  it('keeps a leaf from passing for an inner node (second-preimage)', () => {
    const [a, b] = ['a', 'b'].map((text) => recordHash(text)) as [string, string];
    const node = sha(Buffer.from([1]), Buffer.from(a, 'base64url'), Buffer.from(b, 'base64url')).toString('base64url');
    expect(merkleRoot([a, b])).toBe(node);
    expect(recordHash(node)).not.toBe(node);
  });

  it('hashes no leaves as the hash of the empty string', () => {
    expect(merkleRoot([])).toBe(sha().toString('base64url'));
    expect(textHash('')).toBe(sha().toString('base64url'));
  });
});
