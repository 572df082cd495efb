/**
 * The BillingStore contract (shared/billing/billing-ports.ts), run against every implementation:
 * in memory (test/unit/contract) and on DynamoDB Local (test/integration/contract).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { BillingStore } from '../../shared/billing/billing-ports';
import type { PricePlan } from '../../shared/billing/price-plan';
import { unique } from './contract-fixtures';

const plan = (tier: string, version: number, price = '0.45'): PricePlan => ({
  tier,
  currency: 'EUR',
  prices: { decisionsPer1000: price, approval: '0.25', activeAgentMonth: '2.10' },
  included: { decisions: 100, approvals: 0, activeAgents: 1 },
  version,
  updatedAt: '2026-12-01T00:00:00.000Z',
  updatedBy: 'platform',
});

export function describeBillingStoreContract(name: string, makeStore: () => Promise<BillingStore>) {
  describe(`BillingStore contract: ${name}`, () => {
    let store: BillingStore;

    beforeAll(async () => {
      store = await makeStore();
    });

    describe('Price plans', () => {
      it('creates a plan once and replaces it only from the version read (ConflictError version_conflict otherwise), decimals exact', async () => {
        const tier = unique('tier');
        await store.putPricePlan(plan(tier, 1), undefined);
        await expect(store.putPricePlan(plan(tier, 1, '9'), undefined)).rejects.toMatchObject({
          name: 'ConflictError',
          code: 'version_conflict',
        });
        await store.putPricePlan(plan(tier, 2, '0.000001'), 1);
        await expect(store.putPricePlan(plan(tier, 3, '9'), 1)).rejects.toMatchObject({ name: 'ConflictError', code: 'version_conflict' });
        expect(await store.getPricePlan(tier)).toEqual(plan(tier, 2, '0.000001'));
        expect(await store.getPricePlan(unique('unpriced'))).toBeUndefined();
      });

      it('keeps every version a plan had, listed newest first, page after page from a version number', async () => {
        const tier = unique('history');
        await store.putPricePlan(plan(tier, 1, '1'), undefined);
        await store.putPricePlan(plan(tier, 2, '2'), 1);
        await store.putPricePlan(plan(tier, 3, '3'), 2);
        await expect(store.putPricePlan(plan(tier, 4, 'lost'), 2)).rejects.toMatchObject({ name: 'ConflictError' });
        const first = await store.listPricePlanVersions(tier, { limit: 2 });
        expect(first.items.map((version) => version.prices.decisionsPer1000)).toEqual(['3', '2']);
        expect(first.more).toBe(true);
        expect(await store.listPricePlanVersions(tier, { limit: 2, after: '2' })).toEqual({ items: [plan(tier, 1, '1')], more: false });
        expect(await store.listPricePlanVersions(unique('never'), { limit: 2 })).toEqual({ items: [], more: false });
      });
    });

    describe('Closed periods', () => {
      it('closes a period once (ConflictError period_closed after) and knows which are closed', async () => {
        const period = '2030-01';
        const closed = { period, closedAt: '2030-02-01T10:00:00.000Z', closedBy: 'finance', tenants: 3 };
        expect(await store.getClosedPeriod(period)).toBeUndefined();
        await store.markClosed(closed);
        await expect(store.markClosed({ ...closed, closedBy: 'other' })).rejects.toMatchObject({
          name: 'ConflictError',
          code: 'period_closed',
        });
        expect(await store.getClosedPeriod(period)).toEqual(closed);
      });
    });
  });
}
