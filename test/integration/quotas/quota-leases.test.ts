import { beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbQuotaStore } from '../../../shared/adapters/dynamodb/dynamodb-quota-store';
import { singleClient } from '../../../shared/adapters/dynamodb/tenant-clients';
import { createFixedClock } from '../../../shared/kernel/clock';
import type { QuotaInForce } from '../../../shared/quotas/quota';
import { createQuotaLeases } from '../../../shared/quotas/quota-leases';
import type { QuotaStore } from '../../../shared/quotas/quota-store';
import { createTestTables } from '../../support/test-tables';

const clock = createFixedClock(Date.parse('2026-11-24T10:00:00.000Z'));
const quota = (limit: number, subject = 'agt_1'): QuotaInForce => ({
  scope: 'agent',
  subject,
  period: 'day',
  periodKey: '2026-11-24',
  limit,
  endsAtMs: Date.parse('2026-11-25T00:00:00.000Z'),
});

describe('Quota leases (DynamoDB Local)', () => {
  let store: QuotaStore;

  beforeAll(async () => {
    const tables = await createTestTables();
    store = createDynamoDbQuotaStore(singleClient(tables.documentClient), tables.names);
  });

  it('never lets three processes together spend more than the limit, and spends all of it', async () => {
    const processes = [0, 1, 2].map(() => createQuotaLeases({ store, clock }));
    const limit = quota(60, 'agt_shared');
    const outcomes = await Promise.allSettled(Array.from({ length: 150 }, (_, i) => processes[i % 3]!.spend('t1', [limit], 1)));
    const served = outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
    expect(served).toBeLessThanOrEqual(60);
    // Blocks shrink near the limit, so at most a few units stay stranded in the other processes.
    expect(served).toBeGreaterThanOrEqual(57);
    expect(outcomes.find((outcome) => outcome.status === 'rejected')).toMatchObject({
      reason: { name: 'QuotaExceededError', retryAfterSeconds: 14 * 3600 },
    });
  });

  it('never leases more than the limit, even from a counter not yet created', async () => {
    expect(await store.lease('t3', quota(5, 'agt_fresh'), 10)).toEqual({ granted: 5, used: 5 });
    expect(await store.lease('t3', quota(5, 'agt_fresh'), 1)).toEqual({ granted: 0, used: 5 });
    expect(await store.lease('t3', quota(0, 'agt_none'), 3)).toEqual({ granted: 0, used: 0 });
  });

  it('spends all quotas of a request or none of them', async () => {
    const leases = createQuotaLeases({ store, clock });
    const roomy = quota(10, 'agt_roomy');
    const tight = quota(1, 'agt_tight');
    await leases.spend('t2', [roomy, tight], 1);
    await expect(leases.spend('t2', [roomy, tight], 1)).rejects.toMatchObject({ name: 'QuotaExceededError' });
    // The roomy quota's unit was given back: 9 more fit.
    for (let i = 0; i < 9; i++) await leases.spend('t2', [roomy], 1);
    await expect(leases.spend('t2', [roomy], 1)).rejects.toMatchObject({ name: 'QuotaExceededError' });
  });

  it('records the first refusal of a quota in its period once', async () => {
    const calls: string[] = [];
    const leases = createQuotaLeases({
      store,
      clock,
      onExceeded: async (tenantId, refused) => void calls.push(`${tenantId}/${refused.subject}`),
    });
    const one = quota(1, 'agt_once');
    await leases.spend('t3', [one], 1);
    await expect(leases.spend('t3', [one], 1)).rejects.toThrow();
    expect(calls).toEqual(['t3/agt_once']);
  });
});
