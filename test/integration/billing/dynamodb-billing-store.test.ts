import { beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbBillingStore } from '../../../shared/adapters/dynamodb/dynamodb-billing-store';
import { singleClient } from '../../../shared/adapters/dynamodb/tenant-clients';
import type { BillingStore } from '../../../shared/billing/billing-ports';
import type { PricePlan } from '../../../shared/billing/price-plan';
import { createTestTables } from '../../support/test-tables';

const plan = (version: number, price = '0.45'): PricePlan => ({
  tier: 'business',
  currency: 'EUR',
  prices: { decisionsPer1000: price, approval: '0.25', activeAgentMonth: '2.10' },
  included: { decisions: 100, approvals: 0, activeAgents: 1 },
  version,
  updatedAt: '2026-12-01T00:00:00.000Z',
  updatedBy: 'p',
});

describe('Billing store (DynamoDB Local)', () => {
  let store: BillingStore;

  beforeAll(async () => {
    const tables = await createTestTables();
    store = createDynamoDbBillingStore(singleClient(tables.documentClient), tables.names);
  });

  it("keeps price plans with their exact decimals, and refuses a change made over someone else's", async () => {
    await store.putPricePlan(plan(1), undefined);
    await expect(store.putPricePlan(plan(1), undefined)).rejects.toMatchObject({ name: 'ConflictError' });
    await store.putPricePlan(plan(2, '0.000001'), 1);
    await expect(store.putPricePlan(plan(3, '9'), 1)).rejects.toMatchObject({ code: 'version_conflict' });
    expect(await store.getPricePlan('business')).toMatchObject({ version: 2, prices: { decisionsPer1000: '0.000001' } });
    expect(await store.getPricePlan('nobody')).toBeUndefined();
  });

  it('closes a period once', async () => {
    const closed = { period: '2030-01', closedAt: '2030-02-01T10:00:00.000Z', closedBy: 'fin', tenants: 3 };
    await store.markClosed(closed);
    await expect(store.markClosed({ ...closed, closedBy: 'other' })).rejects.toMatchObject({ code: 'period_closed' });
    expect(await store.getClosedPeriod('2030-01')).toEqual(closed);
    expect(await store.getClosedPeriod('2030-02')).toBeUndefined();
  });
});
