/**
 * Agent API keys: `wdn_<tenantId>_<43 base64url characters>` (256 random bits). The prefix makes a
 * leaked key recognisable to secret scanners; the tenant part lets the authorizer find the key's
 * record under the tenant's own keys. Only a SHA-256 digest is stored: the key has full entropy,
 * so a slow hash adds nothing.
 */
import { createHash, randomBytes } from 'node:crypto';

export const API_KEY_PREFIX = 'wdn_';
const KEY_PATTERN = /^wdn_([a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?)_([A-Za-z0-9_-]{43})$/;

/** A freshly issued key: the secret (shown once) and what is stored. */
export interface IssuedApiKey {
  readonly apiKey: string;
  readonly keyHash: string;
  /** A short, non-secret id for the key (first characters of its hash), for listings and logs. */
  readonly keyId: string;
}

/** Issues a new key for a tenant's agent. */
export function issueApiKey(tenantId: string): IssuedApiKey {
  const apiKey = `${API_KEY_PREFIX}${tenantId}_${randomBytes(32).toString('base64url')}`;
  const keyHash = hashApiKey(apiKey);
  return { apiKey, keyHash, keyId: keyIdOf(keyHash) };
}

/** The stored digest of a key. */
export const hashApiKey = (apiKey: string): string => createHash('sha256').update(apiKey).digest('hex');

/** The public id of a key, from its digest. */
export const keyIdOf = (keyHash: string): string => `key_${keyHash.slice(0, 12)}`;

/** The tenant a key claims to belong to, or undefined when the text is not a Warden key. */
export function tenantOfApiKey(text: string): string | undefined {
  return KEY_PATTERN.exec(text)?.[1];
}

/** True for text shaped like a Warden API key (used to keep keys out of logs). */
export const looksLikeApiKey = (text: string): boolean => KEY_PATTERN.test(text);
