/**
 * The MaturityStore contract (shared/maturity/maturity-store.ts), run against every
 * implementation: in memory (test/unit/contract) and on DynamoDB Local (test/integration/contract).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { MaturitySnapshot, MaturityStore } from '../../shared/maturity/maturity-store';
import { unique } from './contract-fixtures';

const snapshotOf = (tenantId: string, week: string, level = 2): MaturitySnapshot => ({
  tenantId,
  week,
  at: `${week}T06:00:00.000Z`,
  level,
  name: level === 2 ? 'foundational' : 'managed',
  score: level * 10,
  met: ['tenant-policy'],
});

export function describeMaturityStoreContract(name: string, create: () => Promise<MaturityStore>) {
  describe(`MaturityStore contract (${name})`, () => {
    let store: MaturityStore;
    beforeAll(async () => {
      store = await create();
    });

    it("keeps one snapshot per week, the week's last replacing its first, newest week first", async () => {
      const tenant = unique('mat');
      await store.saveSnapshot(snapshotOf(tenant, '2026-11-23', 2));
      await store.saveSnapshot(snapshotOf(tenant, '2026-11-30', 2));
      await store.saveSnapshot(snapshotOf(tenant, '2026-11-30', 3));
      const series = await store.listSnapshots(tenant, 10);
      expect(series.map((snapshot) => [snapshot.week, snapshot.level])).toEqual([
        ['2026-11-30', 3],
        ['2026-11-23', 2],
      ]);
      expect(series[0]).toEqual(snapshotOf(tenant, '2026-11-30', 3));
      expect(await store.listSnapshots(tenant, 1)).toHaveLength(1);
      expect(await store.listSnapshots(unique('none'), 10)).toEqual([]);
    });

    it("lists every tenant's latest week in tenant id order, a page at a time, never going back to an older week", async () => {
      const prefix = unique('lat');
      const [a, b, c] = [`${prefix}-a`, `${prefix}-b`, `${prefix}-c`];
      await store.saveSnapshot(snapshotOf(b, '2026-11-30', 3));
      await store.saveSnapshot(snapshotOf(a, '2026-11-30', 2));
      await store.saveSnapshot(snapshotOf(c, '2026-11-23', 2));
      // A late run of an older week keeps the newer one as the latest.
      await store.saveSnapshot(snapshotOf(b, '2026-11-23', 2));
      const ours = (items: readonly MaturitySnapshot[]) => items.filter((snapshot) => snapshot.tenantId.startsWith(prefix));
      const first = await store.listLatest({ limit: 1000, after: `${prefix}` });
      expect(ours(first.items).map((snapshot) => [snapshot.tenantId, snapshot.week, snapshot.level])).toEqual([
        [a, '2026-11-30', 2],
        [b, '2026-11-30', 3],
        [c, '2026-11-23', 2],
      ]);
      const page = await store.listLatest({ limit: 1, after: a });
      expect(page.items.map((snapshot) => snapshot.tenantId)).toEqual([b]);
      expect(page.more).toBe(true);
    });

    it("gives the week of each tenant's latest snapshot, leaving out tenants without one", async () => {
      const prefix = unique('wk');
      await store.saveSnapshot(snapshotOf(`${prefix}-a`, '2026-11-23'));
      await store.saveSnapshot(snapshotOf(`${prefix}-a`, '2026-11-30'));
      await store.saveSnapshot(snapshotOf(`${prefix}-b`, '2026-11-23'));
      const weeks = await store.latestWeeks([`${prefix}-a`, `${prefix}-b`, `${prefix}-c`, `${prefix}-a`]);
      expect(Object.fromEntries(weeks)).toEqual({ [`${prefix}-a`]: '2026-11-30', [`${prefix}-b`]: '2026-11-23' });
      expect((await store.latestWeeks([])).size).toBe(0);
    });
  });
}
