/**
 * FNV-1a, 32 bits: a small, fast, non-cryptographic string hash, for spreading keys (audit shards)
 * and for indexes that hash text one character at a time (the policy engine's action index).
 * Never for anything an attacker must not steer.
 */

/** The hash of the empty string, where every hash starts. */
export const FNV_START = 0x811c9dc5 | 0;

/** The hash after one more character `code`. */
export const fnvStep = (hash: number, code: number): number => Math.imul(hash ^ code, 0x01000193);

/** The hash of `text` (a signed 32-bit integer; `>>> 0` for unsigned). */
export function fnv1a(text: string): number {
  let hash = FNV_START;
  for (let i = 0; i < text.length; i++) hash = fnvStep(hash, text.charCodeAt(i));
  return hash;
}
