/**
 * The QuotaStore contract (shared/quotas/quota-store.ts), run against every implementation: in
 * memory (test/unit/contract) and on DynamoDB Local (test/integration/contract). A counter never
 * passes its limit, however the leases arrive; a quota's first refusal in a period is recorded once.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditReader } from '../../shared/audit/audit-reader';
import type { QuotaInForce } from '../../shared/quotas/quota';
import type { QuotaStore } from '../../shared/quotas/quota-store';
import { changeOf, changesOf, DAY, unique } from './contract-fixtures';

/** A daily quota of the agent `subject` on DAY. */
const daily = (subject: string, limit: number, periodKey = DAY): QuotaInForce => ({
  scope: 'agent',
  subject,
  period: 'day',
  periodKey,
  limit,
  endsAtMs: Date.parse(`${periodKey}T00:00:00.000Z`) + 86_400_000,
});

export interface QuotaContractSubject {
  readonly store: QuotaStore;
  /** The audit log the store writes its change records to. */
  readonly audit: AuditReader;
}

export function describeQuotaStoreContract(name: string, makeSubject: () => Promise<QuotaContractSubject>) {
  describe(`QuotaStore contract: ${name}`, () => {
    let store: QuotaStore;
    let audit: AuditReader;

    beforeAll(async () => {
      ({ store, audit } = await makeSubject());
    });

    describe('Leases', () => {
      it('grants what is asked while the limit allows, then what is left, then nothing', async () => {
        const tenantId = unique('lease');
        const quota = daily('agt_a', 10);
        expect(await store.lease(tenantId, quota, 4)).toEqual({ granted: 4, used: 4 });
        expect(await store.lease(tenantId, quota, 4)).toEqual({ granted: 4, used: 8 });
        expect(await store.lease(tenantId, quota, 4)).toEqual({ granted: 2, used: 10 });
        expect(await store.lease(tenantId, quota, 1)).toEqual({ granted: 0, used: 10 });
      });

      it('never grants more than the limit on a counter not yet created', async () => {
        const tenantId = unique('fresh');
        expect(await store.lease(tenantId, daily('agt_a', 5), 50)).toEqual({ granted: 5, used: 5 });
      });

      it('says how much is used when asked for no units, and grants nothing under a limit of zero', async () => {
        const tenantId = unique('zero');
        const quota = daily('agt_a', 10);
        expect(await store.lease(tenantId, quota, 0)).toEqual({ granted: 0, used: 0 });
        await store.lease(tenantId, quota, 3);
        expect(await store.lease(tenantId, quota, 0)).toEqual({ granted: 0, used: 3 });
        expect(await store.lease(tenantId, daily('agt_none', 0), 1)).toEqual({ granted: 0, used: 0 });
      });

      it('never lets concurrent leases pass the limit together', async () => {
        const tenantId = unique('race');
        const quota = daily('agt_a', 50);
        const leases = await Promise.all(Array.from({ length: 24 }, () => store.lease(tenantId, quota, 3)));
        expect(leases.reduce((sum, lease) => sum + lease.granted, 0)).toBe(50);
        expect(Math.max(...leases.map((lease) => lease.used))).toBe(50);
        expect(await store.lease(tenantId, quota, 1)).toEqual({ granted: 0, used: 50 });
      });

      it('keeps a counter per tenant, subject and period', async () => {
        const [tenantId, other] = [unique('counters'), unique('counters')];
        await store.lease(tenantId, daily('agt_a', 5), 5);
        expect(await store.lease(other, daily('agt_a', 5), 1)).toEqual({ granted: 1, used: 1 });
        expect(await store.lease(tenantId, daily('agt_b', 5), 1)).toEqual({ granted: 1, used: 1 });
        expect(await store.lease(tenantId, daily('agt_a', 5, '2026-11-25'), 1)).toEqual({ granted: 1, used: 1 });
        expect(await store.lease(tenantId, { ...daily('agt_a', 5), scope: 'team' }, 1)).toEqual({ granted: 1, used: 1 });
      });
    });

    describe('Exceeded marks', () => {
      it("records a quota's first refusal in its period once, with its change record", async () => {
        const tenantId = unique('exceeded');
        const quota = daily('agt_a', 1);
        expect(await store.markExceeded(tenantId, quota, changeOf(tenantId, 'quota.exceeded', { type: 'agent', id: 'agt_a' }))).toBe(true);
        expect(await store.markExceeded(tenantId, quota, changeOf(tenantId, 'quota.exceeded', { type: 'agent', id: 'agt_a' }))).toBe(false);
        expect(await store.markExceeded(tenantId, daily('agt_a', 1, '2026-11-25'), changeOf(tenantId, 'quota.exceeded'))).toBe(true);
        expect(await changesOf(audit, tenantId)).toEqual([
          { action: 'quota.exceeded', target: { type: 'agent', id: 'agt_a' } },
          { action: 'quota.exceeded', target: { type: 'tenant', id: tenantId } },
        ]);
      });

      it('marks the same quota of two tenants apart', async () => {
        const [one, two] = [unique('one'), unique('two')];
        expect(await store.markExceeded(one, daily('agt_a', 1), changeOf(one))).toBe(true);
        expect(await store.markExceeded(two, daily('agt_a', 1), changeOf(two))).toBe(true);
      });
    });
  });
}
