/**
 * The OpsStore contract (shared/metrics/ops-store.ts), run against every implementation: in
 * memory (test/unit/contract) and on DynamoDB Local (test/integration/contract).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { OpsStore } from '../../shared/metrics/ops-store';
import type { StreamTake } from '../../shared/metrics/stream-lag';
import { unique } from './contract-fixtures';

export function describeOpsStoreContract(name: string, makeStore: () => Promise<OpsStore>) {
  describe(`OpsStore contract: ${name}`, () => {
    let store: OpsStore;
    beforeAll(async () => {
      store = await makeStore();
    });

    const take = (consumer: string, instance: string, takenAt: string, oldestAgeMs: number): StreamTake => ({
      consumer,
      instance,
      takenAt,
      oldestRecordAt: '2026-12-06T10:00:00.000Z',
      newestRecordAt: '2026-12-06T10:00:01.000Z',
      oldestAgeMs,
    });

    it("keeps one take per consumer and process, each replaced by the process's next", async () => {
      const consumer = unique('consumer');
      await store.recordStreamTake(take(consumer, 'a', '2026-12-06T10:00:02.000Z', 2000));
      await store.recordStreamTake(take(consumer, 'b', '2026-12-06T10:00:03.000Z', 500));
      await store.recordStreamTake(take(consumer, 'a', '2026-12-06T10:00:09.000Z', 900));
      const mine = (await store.listStreamTakes()).filter((noted) => noted.consumer === consumer);
      expect(mine.sort((x, y) => (x.instance < y.instance ? -1 : 1))).toEqual([
        take(consumer, 'a', '2026-12-06T10:00:09.000Z', 900),
        take(consumer, 'b', '2026-12-06T10:00:03.000Z', 500),
      ]);
    });

    it('adds answer counts per hour from any number of writers and lists the hours asked for, in order', async () => {
      // A year no other test writes, so the partition's other hours stay out of the way.
      const year = String(2100 + Math.floor(Math.random() * 800));
      const hour = (h: string) => `${year}-01-01T${h}`;
      await Promise.all([
        store.addApiAnswers({ hour: hour('10'), answers: 5, serverErrors: 1 }),
        store.addApiAnswers({ hour: hour('10'), answers: 3, serverErrors: 0 }),
        store.addApiAnswers({ hour: hour('12'), answers: 2, serverErrors: 2 }),
        store.addApiAnswers({ hour: hour('14'), answers: 1, serverErrors: 0 }),
      ]);
      expect(await store.listApiAnswers(hour('09'), hour('12'))).toEqual([
        { hour: hour('10'), answers: 8, serverErrors: 1 },
        { hour: hour('12'), answers: 2, serverErrors: 2 },
      ]);
      expect(await store.listApiAnswers(hour('15'), hour('23'))).toEqual([]);
    });

    it("keeps the hygiene sweep's one cursor, each put replacing the last", async () => {
      expect(await store.getSweepCursor()).toBeUndefined();
      await store.putSweepCursor({ day: '2026-12-06', after: 'acme', done: false });
      expect(await store.getSweepCursor()).toEqual({ day: '2026-12-06', after: 'acme', done: false });
      await store.putSweepCursor({ day: '2026-12-07', done: true });
      expect(await store.getSweepCursor()).toEqual({ day: '2026-12-07', done: true });
    });
  });
}
