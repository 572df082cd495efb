/**
 * The ObjectStore contract (shared/billing/billing-ports.ts), run against every implementation:
 * in memory (test/unit/contract) and S3 through the local runtime's S3-compatible endpoint
 * (test/integration/contract).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ObjectStore } from '../../shared/billing/billing-ports';
import { unique } from './contract-fixtures';

export interface ObjectStoreFixture {
  readonly store: ObjectStore;
  /** What a download URL serves now: the body, or undefined when it serves nothing. */
  readonly download: (url: string) => Promise<string | undefined>;
  /** Moves the store's clock on (download links expire by it). */
  readonly advanceSeconds: (seconds: number) => void;
}

export function describeObjectStoreContract(name: string, makeFixture: () => Promise<ObjectStoreFixture>) {
  describe(`ObjectStore contract: ${name}`, () => {
    let fixture: ObjectStoreFixture;

    beforeAll(async () => {
      fixture = await makeFixture();
    });

    it('returns what was put under a key, exactly, and the latest of two puts', async () => {
      const key = `periods/2030-01/${unique('tenant')}.json`;
      const body = '{"name":"Ünïcode ✓","lines":["a,b","c\\r\\n"]}';
      await fixture.store.put(key, 'first', 'application/json');
      await fixture.store.put(key, body, 'application/json');
      expect(await fixture.store.get(key)).toBe(body);
    });

    it('knows nothing under a key never put', async () => {
      expect(await fixture.store.get(`periods/2030-01/${unique('nobody')}.json`)).toBeUndefined();
    });

    it('makes a download URL that serves the object until it expires', async () => {
      const key = `exports/all/2030-01/${unique('export')}.csv`;
      await fixture.store.put(key, 'a,b\r\n1,2\r\n', 'text/csv; charset=utf-8');
      const url = await fixture.store.downloadUrl(key, 60);
      expect(await fixture.download(url)).toBe('a,b\r\n1,2\r\n');
      fixture.advanceSeconds(61);
      expect(await fixture.download(url)).toBeUndefined();
    });
  });
}
