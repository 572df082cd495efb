/**
 * Agent API keys. A key issued today is `wdn_<tenantId>_<43 base62 characters><6 base62 characters>`:
 * 43 random characters (256 bits) followed by a checksum, the CRC32 of everything before it (as
 * GitHub's tokens carry theirs). The prefix makes a leaked key recognisable to secret scanners; the
 * checksum lets anyone (a scanner, the authorizer) refuse a mistyped or made-up key without asking
 * the database; the tenant part lets the authorizer find the key's record under the tenant's own
 * keys. The checksum is no secret and proves nothing about who issued the key: only the stored
 * record does.
 *
 * Keys issued before the checksum (`wdn_<tenantId>_<43 base64url characters>`, "legacy") keep
 * working until they are rotated or expire. Only a SHA-256 digest of a key is stored: the key has
 * full entropy, so a slow hash adds nothing.
 */
import { createHash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';

export const API_KEY_PREFIX = 'wdn_';
const TENANT = '[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SECRET_LENGTH = 43;
const CHECKSUM_LENGTH = 6;
const CHECKED_PATTERN = new RegExp(`^wdn_(${TENANT})_([A-Za-z0-9]{${SECRET_LENGTH}})([A-Za-z0-9]{${CHECKSUM_LENGTH}})$`);
const LEGACY_PATTERN = new RegExp(`^wdn_(${TENANT})_[A-Za-z0-9_-]{43}$`);

/** A freshly issued key: the secret (shown once) and what is stored. */
export interface IssuedApiKey {
  readonly apiKey: string;
  readonly keyHash: string;
  /** A short, non-secret id for the key (first characters of its hash), for listings and logs. */
  readonly keyId: string;
}

/** What the text of a key says before any lookup: its tenant, and which format it has. */
export interface ApiKeyShape {
  readonly tenantId: string;
  /** `checked`: today's format, checksum verified; `legacy`: issued before checksums, unverifiable offline. */
  readonly format: 'checked' | 'legacy';
}

/** `count` characters drawn uniformly from the base62 alphabet (rejection sampling, no modulo bias). */
function randomBase62(count: number): string {
  let out = '';
  while (out.length < count) {
    for (const byte of randomBytes(count * 2)) {
      if (byte < 248 && out.length < count) out += BASE62[byte % 62];
    }
  }
  return out;
}

/** The checksum of a key's body, as six base62 characters. */
function checksumOf(body: string): string {
  let value = crc32(body);
  let out = '';
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = BASE62[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}

/** Issues a new key for a tenant's agent. */
export function issueApiKey(tenantId: string): IssuedApiKey {
  const body = `${API_KEY_PREFIX}${tenantId}_${randomBase62(SECRET_LENGTH)}`;
  const apiKey = `${body}${checksumOf(body)}`;
  const keyHash = hashApiKey(apiKey);
  return { apiKey, keyHash, keyId: keyIdOf(keyHash) };
}

/** The stored digest of a key. */
export const hashApiKey = (apiKey: string): string => createHash('sha256').update(apiKey).digest('hex');

/** The public id of a key, from its digest. */
export const keyIdOf = (keyHash: string): string => `key_${keyHash.slice(0, 12)}`;

/**
 * What `text` says about itself as a key, or undefined when it cannot be a Warden key: not shaped
 * like one, or shaped like today's keys with a checksum that does not match. Costs no I/O.
 */
export function apiKeyShape(text: string): ApiKeyShape | undefined {
  const checked = CHECKED_PATTERN.exec(text);
  if (checked) {
    const [, tenantId = '', secret = '', checksum] = checked;
    return checksumOf(`${API_KEY_PREFIX}${tenantId}_${secret}`) === checksum ? { tenantId, format: 'checked' } : undefined;
  }
  const legacy = LEGACY_PATTERN.exec(text);
  return legacy?.[1] === undefined ? undefined : { tenantId: legacy[1], format: 'legacy' };
}

/** The tenant a key claims to belong to, or undefined when the text is not a Warden key. */
export function tenantOfApiKey(text: string): string | undefined {
  return apiKeyShape(text)?.tenantId;
}

/** True for text shaped like a Warden API key (used to keep keys out of logs). */
export const looksLikeApiKey = (text: string): boolean => CHECKED_PATTERN.test(text) || LEGACY_PATTERN.test(text);
