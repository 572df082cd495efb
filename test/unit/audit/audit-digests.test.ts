import { describe, expect, it } from 'vitest';
import { createAuditDigests, DIGEST_PAGE_MAX_LEAVES } from '../../../shared/audit/audit-digests';
import type { Leaf } from '../../../shared/audit/digest';
import type { DigestStore, StoredDigest } from '../../../shared/audit/digest-ports';
import { createFixedClock } from '../../../shared/kernel/clock';
import { createPageCursorCodec } from '../../../shared/kernel/page-cursor';

const admin = { kind: 'operator', sub: 'alice', roles: ['tenant-admin'], tenantId: 'acme', teams: [] } as never;
const hourOf = (index: number) => new Date(Date.parse('2026-12-01T00:00:00.000Z') + index * 3_600_000).toISOString();

/** Digests of consecutive hours holding `sizes` leaves each, served by a store that pages by hour. */
function digestsOf(sizes: number[]) {
  const digests: StoredDigest[] = sizes.map((size, index) => ({
    sequence: index + 1,
    hour: hourOf(index),
    jws: `jws-${index + 1}`,
    leaves: { '0': Array.from({ length: size }, (_, leaf): Leaf => [`${hourOf(index)}#dec_${leaf}`, 'h'.repeat(43)]) },
  }));
  const store = {
    async list(_tenantId, range, page) {
      const items = digests.filter(
        (digest) => digest.hour >= range.fromHour && digest.hour < range.toHour && (!page.after || digest.hour > page.after),
      );
      return { items: items.slice(0, page.limit), more: items.length > page.limit };
    },
  } as Pick<DigestStore, 'list'> as DigestStore;
  return createAuditDigests({
    store,
    audit: {} as never,
    keys: {} as never,
    cursors: createPageCursorCodec('s'.repeat(40)),
    clock: createFixedClock(Date.parse('2026-12-02T00:00:00.000Z')),
  });
}

describe('Function: createAuditDigests', () => {
  describe('Method: list', () => {
    it(`ends a page once its digests hold ${DIGEST_PAGE_MAX_LEAVES} leaves, so a busy tenant's page stays far below 6 MB`, async () => {
      const half = DIGEST_PAGE_MAX_LEAVES / 2;
      const digests = digestsOf([half - 1, half + 1, 5, 3 * DIGEST_PAGE_MAX_LEAVES, 7]);
      const query = { from: hourOf(0), to: hourOf(24), limit: 24 };
      const pages: number[][] = [];
      let cursor: string | undefined;
      do {
        const page = await digests.list(admin, 'acme', { ...query, ...(cursor ? { cursor } : {}) });
        pages.push(page.items.map((digest) => digest.sequence));
        expect(JSON.stringify(page).length).toBeLessThan(6_000_000);
        cursor = page.nextCursor;
      } while (cursor);
      // A page ends with the digest that fills it: the first two; then 3 and the big 4; then 5.
      expect(pages).toEqual([[1, 2], [3, 4], [5]]);
    });
  });
});
