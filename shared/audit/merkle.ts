/**
 * Hashing audit records for their digests: a canonical JSON form of a record (keys sorted at every
 * depth, no whitespace, as RFC 8785 orders them for the values an audit record holds), its SHA-256
 * leaf hash, and the Merkle tree hash of a list of leaves as RFC 6962 (Certificate Transparency)
 * defines it: leaves hashed with a 0x00 prefix and nodes with 0x01, so a leaf cannot pass for a node.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../kernel/canonical-json';

/** Leaves one tree holds at most (a partition's hour; the digest job refuses more). */
export const MAX_LEAVES = 200_000;

const sha256 = (...parts: readonly Buffer[]): Buffer => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};
const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

/** The leaf hash of an audit record (its public form, as the audit API returns it), base64url. */
export const recordHash = (record: unknown): string => sha256(LEAF, Buffer.from(canonicalJson(record), 'utf8')).toString('base64url');

/** SHA-256 of a text (a digest's JWS, for the next digest's `previous`), base64url. */
export const textHash = (text: string): string => sha256(Buffer.from(text, 'utf8')).toString('base64url');

/** The RFC 6962 tree hash of leaf hashes (already leaf-hashed); the hash of the empty string for none. */
export function merkleRoot(leafHashes: readonly string[]): string {
  if (leafHashes.length > MAX_LEAVES) throw new RangeError(`A tree holds at most ${MAX_LEAVES} leaves`);
  if (leafHashes.length === 0) return sha256().toString('base64url');
  let level: Buffer[] = leafHashes.map((leaf) => Buffer.from(leaf, 'base64url'));
  // Pairs are hashed level by level; an odd last node rises unpaired, which gives RFC 6962's tree
  // (its split at the largest power of two below n) for every n.
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? sha256(NODE, level[i]!, level[i + 1]!) : level[i]!);
    level = next;
  }
  return level[0]!.toString('base64url');
}
