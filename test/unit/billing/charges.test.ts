import { describe, expect, it } from 'vitest';
import { billingLines, monthBounds, previousPeriod, type TenantMonth } from '../../../shared/billing/charges';
import { EXPORT_COLUMNS, FOCUS_MANDATORY_COLUMNS, toCsv } from '../../../shared/billing/focus';
import type { PricePlan } from '../../../shared/billing/price-plan';

const plan: PricePlan = {
  tier: 'business',
  currency: 'USD',
  prices: { decisionsPer1000: '0.45', approval: '0.25', activeAgentMonth: '2.10' },
  included: { decisions: 0, approvals: 0, activeAgents: 0 },
  version: 3,
  updatedAt: '2026-11-01T00:00:00.000Z',
  updatedBy: 'p',
};
const agent = (agentId: string, team = 'ops') => ({ agentId, team, environment: 'prod' });

const month = (overrides: Partial<TenantMonth> = {}): TenantMonth => ({
  tenant: { id: 'acme', name: 'Acme, "the" corp' },
  plan,
  usage: [
    { day: '2026-11-03', ...agent('agt_a'), decisions: 250 },
    { day: '2026-11-03', ...agent('agt_b', 'sales'), decisions: 1000 },
    { day: '2026-11-04', ...agent('agt_a'), decisions: 5 },
  ],
  approvals: [{ day: '2026-11-04', ...agent('agt_a'), approvals: 2 }],
  ...overrides,
});

describe('Billing lines', () => {
  it('bills decisions per day, approvals per day and active agents per month, each rounded to cents', () => {
    const lines = billingLines({ period: '2026-11', month: month(), granularity: 'tenant' });
    expect(
      lines.map((line) => [
        line.x_ChargeKind,
        line.ChargeCategory,
        line.ChargePeriodStart,
        line.ConsumedQuantity,
        line.PricingQuantity,
        line.BilledCost,
      ]),
    ).toEqual([
      ['decisions', 'Usage', '2026-11-03T00:00:00Z', '1250', '1.25', '0.56'],
      ['decisions', 'Usage', '2026-11-04T00:00:00Z', '5', '0.005', '0.00'],
      ['approvals', 'Usage', '2026-11-04T00:00:00Z', '2', '2', '0.50'],
      ['active-agents', 'Usage', '2026-11-01T00:00:00Z', '2', '2', '4.20'],
    ]);
    for (const line of lines)
      for (const column of FOCUS_MANDATORY_COLUMNS.filter((c) => c !== 'ChargeClass')) expect(line[column], column).not.toBeNull();
    expect(lines[0]).toMatchObject({
      ListUnitPrice: '0.45',
      ContractedUnitPrice: '0.45',
      ListCost: '0.56',
      EffectiveCost: '0.56',
      ContractedCost: '0.56',
      SkuPriceId: 'business-v3-WDN-DECISIONS',
      SubAccountId: 'acme',
      ChargeClass: null,
    });
  });

  it('splits by agent when asked, with the agent as resource and its team and environment', () => {
    const lines = billingLines({ period: '2026-11', month: month(), granularity: 'agent' }).filter(
      (line) => line.x_ChargeKind === 'decisions',
    );
    expect(lines.map((line) => [line.ChargePeriodStart, line.ResourceId, line.x_Team, line.ConsumedQuantity])).toEqual([
      ['2026-11-03T00:00:00Z', 'agt_a', 'ops', '250'],
      ['2026-11-03T00:00:00Z', 'agt_b', 'sales', '1000'],
      ['2026-11-04T00:00:00Z', 'agt_a', 'ops', '5'],
    ]);
  });

  it('shows included units as their own credit lines, never more than was used', () => {
    const generous = { ...plan, included: { decisions: 1_000_000, approvals: 1, activeAgents: 1 } };
    const credits = billingLines({ period: '2026-11', month: month({ plan: generous }), granularity: 'tenant' }).filter(
      (line) => line.ChargeCategory === 'Credit',
    );
    expect(credits.map((line) => [line.x_ChargeKind, line.PricingQuantity, line.BilledCost, line.ConsumedQuantity])).toEqual([
      ['decisions', '1.255', '-0.56', null],
      ['approvals', '1', '-0.25', null],
      ['active-agents', '1', '-2.10', null],
    ]);
  });

  it("bills a closed month's late usage as corrections in the next month, dated on the day it happened", () => {
    const lines = billingLines({
      period: '2026-12',
      month: month({
        usage: [],
        approvals: [],
        correction: {
          period: '2026-11',
          plan,
          usage: [{ day: '2026-11-30', ...agent('agt_c'), decisions: 7 }],
          approvals: [],
          newActiveAgents: [agent('agt_c')],
        },
      }),
      granularity: 'tenant',
    });
    expect(
      lines.map((line) => [
        line.ChargeClass,
        line.x_ChargeKind,
        line.ChargePeriodStart,
        line.BillingPeriodStart,
        line.ConsumedQuantity,
        line.x_CorrectedPeriod,
      ]),
    ).toEqual([
      ['Correction', 'decisions', '2026-11-30T00:00:00Z', '2026-12-01T00:00:00Z', '7', '2026-11'],
      ['Correction', 'active-agents', '2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z', '1', '2026-11'],
    ]);
  });

  it('gives the same lines for the same inputs, whatever the order of the facts', () => {
    const shuffled = month({ usage: [...month().usage].reverse() });
    expect(toCsv(billingLines({ period: '2026-11', month: shuffled, granularity: 'agent' }), '1.3')).toBe(
      toCsv(billingLines({ period: '2026-11', month: month(), granularity: 'agent' }), '1.3'),
    );
  });

  it('writes RFC 4180 CSV: every column in the header, quoted fields where needed, empty for null', () => {
    const csv = toCsv(billingLines({ period: '2026-11', month: month(), granularity: 'tenant' }), '1.2');
    const [header, first] = csv.split('\r\n');
    expect(header!.split(',')).toEqual([...EXPORT_COLUMNS]);
    expect(first).toContain('"Acme, ""the"" corp"');
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('knows month bounds and the month before, across a year end', () => {
    expect(monthBounds('2026-12')).toEqual({ start: '2026-12-01T00:00:00Z', end: '2027-01-01T00:00:00Z' });
    expect(previousPeriod('2027-01')).toBe('2026-12');
    expect(previousPeriod('2026-11')).toBe('2026-10');
  });
});
