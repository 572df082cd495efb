/**
 * ObjectStore in memory (S3 in production: shared/adapters/s3/s3-object-store.ts). Download URLs
 * are `memory://` links that `download` resolves until they expire by the given clock, as a
 * presigned GET would.
 */
import type { ObjectStore } from '../../../shared/billing/billing-ports';
import type { Clock } from '../../../shared/kernel/clock';

export interface InMemoryObjectStore extends ObjectStore {
  /** What a download URL serves: the object's body, or undefined when the link expired or the object is gone. */
  download(url: string): Promise<string | undefined>;
  /** The stored objects' keys, in order. */
  keys(): string[];
}

export function createInMemoryObjectStore(clock: Clock, bucket = 'warden-exports'): InMemoryObjectStore {
  const objects = new Map<string, { body: string; contentType: string }>();
  const prefix = `memory://${bucket}/`;

  return {
    async put(key, body, contentType) {
      objects.set(key, { body, contentType });
    },

    async get(key) {
      return objects.get(key)?.body;
    },

    async downloadUrl(key, expiresInSeconds) {
      return `${prefix}${encodeURI(key)}?expires=${clock.nowMs() + expiresInSeconds * 1000}`;
    },

    async download(url) {
      if (!url.startsWith(prefix)) return undefined;
      const [path = '', query = ''] = url.slice(prefix.length).split('?');
      const expires = Number(new URLSearchParams(query).get('expires'));
      if (!(clock.nowMs() < expires)) return undefined;
      return objects.get(decodeURI(path))?.body;
    },

    keys: () => [...objects.keys()].sort(),
  };
}
