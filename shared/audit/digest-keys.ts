/**
 * The keys that sign audit digests: one Ed25519 key per UTC month, derived from the signing secret
 * with the label `digest/<YYYY-MM>` (shared/auth/bundle-keys.ts), so keys rotate every month with
 * nothing stored, and every month's public key can be published for as long as digests are kept.
 */
import type { JSONWebKeySet } from 'jose';
import { type DerivedEd25519Key, deriveEd25519Key, signJws } from '../auth/bundle-keys';
import { DIGEST_JWS_TYPE, type DigestPayload } from './digest';

/** The first month with a digest key: the JWKS lists every month from here to the current one. */
export const DIGEST_KEYS_SINCE = '2026-01';
/** Months the JWKS lists at most (fifty years). */
const MAX_MONTHS = 600;

/** The UTC month (`YYYY-MM`) of a time. */
export const monthOf = (ms: number): string => new Date(ms).toISOString().slice(0, 7);

/** The months from DIGEST_KEYS_SINCE to `month`, oldest first. */
function monthsUntil(month: string): string[] {
  const months: string[] = [];
  let [year, index] = DIGEST_KEYS_SINCE.split('-').map(Number) as [number, number];
  for (let count = 0; count < MAX_MONTHS; count++) {
    const current = `${year}-${String(index).padStart(2, '0')}`;
    if (current > month) break;
    months.push(current);
    index = index === 12 ? 1 : index + 1;
    if (index === 1) year += 1;
  }
  return months;
}

/** The digest keys of a secret (at least 32 characters). */
export function createDigestKeyRing(secret: string) {
  const keys = new Map<string, Promise<DerivedEd25519Key>>();
  const keyOf = (month: string) => {
    let key = keys.get(month);
    if (!key) {
      key = deriveEd25519Key(secret, `digest/${month}`);
      keys.set(month, key);
    }
    return key;
  };
  return {
    /** The JWS of a digest, signed with the key of the month it was sealed in. */
    sign: async (payload: DigestPayload): Promise<string> =>
      signJws(payload, await keyOf(monthOf(Date.parse(payload.sealedAt))), DIGEST_JWS_TYPE),
    /** The public keys of every month up to the one of `nowMs`. */
    jwks: async (nowMs: number): Promise<JSONWebKeySet> => ({
      keys: await Promise.all(monthsUntil(monthOf(nowMs)).map(async (month) => (await keyOf(month)).publicJwk)),
    }),
  };
}
export type DigestKeyRing = ReturnType<typeof createDigestKeyRing>;
