/**
 * A tenant's billing lines for one month, from its metered usage and its tier's price plan: one
 * usage line per charge kind and day (or per agent and day), the month's active agents, the
 * included units as their own credit lines, and corrections of the previous (closed) month's late
 * usage. Pure: the same inputs always give the same lines, which is what keeps a closed month's
 * export byte-identical. Rounding: each line's cost is rounded half away from zero to cents.
 */
import { focusLine, type FocusLine } from './focus';
import { formatCents, formatMicros, nanosToCents, thousandths, toMicros } from './money';
import type { PricePlan } from './price-plan';

/** Decisions of one agent on one day. */
export interface UsageRow {
  readonly day: string;
  readonly agentId: string;
  readonly team: string;
  readonly environment: string;
  readonly decisions: number;
}

/** Approvals decided (approved or rejected) for one agent's requests on one day. */
export interface ApprovalRow {
  readonly day: string;
  readonly agentId: string;
  readonly team: string;
  readonly environment: string;
  readonly approvals: number;
}

/** Late usage of a closed month: what its live counters hold beyond what was frozen at the close. */
export interface Correction {
  readonly period: string;
  readonly plan: PricePlan;
  readonly usage: readonly UsageRow[];
  readonly approvals: readonly ApprovalRow[];
  /** Agents active in the month that the close did not count. */
  readonly newActiveAgents: readonly Omit<UsageRow, 'day' | 'decisions'>[];
}

export interface TenantMonth {
  readonly tenant: { readonly id: string; readonly name: string };
  readonly plan: PricePlan;
  readonly usage: readonly UsageRow[];
  readonly approvals: readonly ApprovalRow[];
  readonly correction?: Correction;
}

export type Granularity = 'tenant' | 'agent';

type Kind = 'decisions' | 'approvals' | 'active-agents';

const KINDS: Record<
  Kind,
  {
    sku: string;
    unit: string;
    pricingUnit: string;
    price: (plan: PricePlan) => string;
    nanosPerUnit: (price: bigint) => (quantity: number) => bigint;
  }
> = {
  decisions: {
    sku: 'WDN-DECISIONS',
    unit: 'Decisions',
    pricingUnit: '1000 Decisions',
    price: (plan) => plan.prices.decisionsPer1000,
    nanosPerUnit: (micros) => (n) => BigInt(n) * micros,
  },
  approvals: {
    sku: 'WDN-APPROVALS',
    unit: 'Approvals',
    pricingUnit: 'Approvals',
    price: (plan) => plan.prices.approval,
    nanosPerUnit: (micros) => (n) => BigInt(n) * micros * 1000n,
  },
  'active-agents': {
    sku: 'WDN-ACTIVE-AGENTS',
    unit: 'Agents',
    pricingUnit: 'Agent-Months',
    price: (plan) => plan.prices.activeAgentMonth,
    nanosPerUnit: (micros) => (n) => BigInt(n) * micros * 1000n,
  },
};

/**
 * The price and cost columns of `quantity` units of `kind` (`sign` -1 for credits): list,
 * contracted, billed and effective cost are one amount, as Warden has no negotiated discounts.
 */
function priced(kind: Kind, plan: PricePlan, quantity: number, sign: 1n | -1n) {
  const spec = KINDS[kind];
  const price = toMicros(spec.price(plan));
  const cost = formatCents(sign * nanosToCents(spec.nanosPerUnit(price)(quantity)));
  return {
    BilledCost: cost,
    EffectiveCost: cost,
    ListCost: cost,
    ContractedCost: cost,
    ListUnitPrice: formatMicros(price),
    ContractedUnitPrice: formatMicros(price),
  };
}

/** First instant of a month and of the next, as FOCUS date-times. */
export function monthBounds(period: string): { start: string; end: string } {
  const [year, month] = period.split('-').map(Number) as [number, number];
  const iso = (y: number, m: number) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01T00:00:00Z`;
  return { start: iso(year, month), end: month === 12 ? iso(year + 1, 1) : iso(year, month + 1) };
}

/** The month before `period`. */
export function previousPeriod(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

const dayBounds = (day: string) => {
  const start = `${day}T00:00:00Z`;
  const next = new Date(Date.parse(start) + 86_400_000).toISOString().slice(0, 10);
  return { start, end: `${next}T00:00:00Z` };
};

/** Sums rows by key, keeping the first row's dimensions. */
function sumBy<R extends { agentId: string; team: string; environment: string }>(
  rows: readonly R[],
  key: (row: R) => string,
  amount: (row: R) => number,
) {
  const sums = new Map<string, { row: R; total: number }>();
  for (const row of rows) {
    const entry = sums.get(key(row));
    if (entry) entry.total += amount(row);
    else sums.set(key(row), { row, total: amount(row) });
  }
  return [...sums.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, entry]) => entry);
}

/** The tenant's billing lines for `period` (its BillingPeriod), in a stable order. */
export function billingLines(input: { period: string; month: TenantMonth; granularity: Granularity; invoiceId?: string }): FocusLine[] {
  const { period, month, granularity } = input;
  const billing = monthBounds(period);
  const common = {
    BillingAccountId: 'warden',
    BillingAccountName: 'Warden',
    BillingAccountType: 'Organization',
    BillingCurrency: month.plan.currency,
    BillingPeriodStart: billing.start,
    BillingPeriodEnd: billing.end,
    InvoiceId: input.invoiceId ?? null,
    InvoiceIssuerName: 'Warden',
    ProviderName: 'Warden',
    PublisherName: 'Warden',
    ServiceCategory: 'Management and Governance',
    ServiceName: 'Warden Agent Governance',
    SubAccountId: month.tenant.id,
    SubAccountName: month.tenant.name,
    SubAccountType: 'Tenant',
  };

  /** A usage (or correction) line: `quantity` units of `kind`, priced by `plan`. */
  function usageLine(
    kind: Kind,
    plan: PricePlan,
    quantity: number,
    charge: { start: string; end: string },
    dims: { agentId?: string; team?: string; environment?: string },
    correctedPeriod?: string,
  ): FocusLine {
    const spec = KINDS[kind];
    const what = kind === 'decisions' ? 'authorization decisions' : kind === 'approvals' ? 'approvals handled' : 'active agents';
    return focusLine({
      ...common,
      ...priced(kind, plan, quantity, 1n),
      ChargeCategory: 'Usage',
      ChargeClass: correctedPeriod ? 'Correction' : null,
      ChargeDescription: `${quantity} ${what}${dims.agentId ? ` of agent ${dims.agentId}` : ''}${correctedPeriod ? ` (late usage of ${correctedPeriod})` : ''}`,
      ChargeFrequency: 'Usage-Based',
      ChargePeriodStart: charge.start,
      ChargePeriodEnd: charge.end,
      ConsumedQuantity: String(quantity),
      ConsumedUnit: spec.unit,
      PricingCategory: 'Standard',
      PricingQuantity: kind === 'decisions' ? thousandths(quantity) : String(quantity),
      PricingUnit: spec.pricingUnit,
      ResourceId: dims.agentId ?? null,
      ResourceType: dims.agentId ? 'Agent' : null,
      SkuId: spec.sku,
      SkuMeter: spec.unit,
      SkuPriceId: `${plan.tier}-v${plan.version}-${spec.sku}`,
      x_Team: dims.team ?? null,
      x_AgentId: dims.agentId ?? null,
      x_Environment: dims.environment ?? null,
      x_ChargeKind: kind,
      x_CorrectedPeriod: correctedPeriod ?? null,
    });
  }

  /** Usage lines of one kind: per day, or per agent and day. */
  function dailyLines<R extends UsageRow | ApprovalRow>(
    kind: Kind,
    plan: PricePlan,
    rows: readonly R[],
    amount: (row: R) => number,
    correctedPeriod?: string,
  ): FocusLine[] {
    const grouped =
      granularity === 'agent' ? sumBy(rows, (row) => `${row.day}#${row.agentId}`, amount) : sumBy(rows, (row) => row.day, amount);
    return grouped
      .filter((entry) => entry.total > 0)
      .map(({ row, total }) =>
        usageLine(
          kind,
          plan,
          total,
          dayBounds(row.day),
          granularity === 'agent' ? { agentId: row.agentId, team: row.team, environment: row.environment } : {},
          correctedPeriod,
        ),
      );
  }

  function activeAgentLines(
    plan: PricePlan,
    agents: readonly { agentId: string; team: string; environment: string }[],
    charge: { start: string; end: string },
    correctedPeriod?: string,
  ): FocusLine[] {
    if (agents.length === 0) return [];
    if (granularity === 'tenant') return [usageLine('active-agents', plan, agents.length, charge, {}, correctedPeriod)];
    return [...agents]
      .sort((a, b) => (a.agentId < b.agentId ? -1 : 1))
      .map((agent) =>
        usageLine(
          'active-agents',
          plan,
          1,
          charge,
          { agentId: agent.agentId, team: agent.team, environment: agent.environment },
          correctedPeriod,
        ),
      );
  }

  /** The included units of a kind, as a credit line (negative cost) for the month. */
  function creditLine(kind: Kind, consumed: number, included: number): FocusLine[] {
    const credited = Math.min(consumed, included);
    if (credited <= 0) return [];
    const spec = KINDS[kind];
    return [
      focusLine({
        ...common,
        ...priced(kind, month.plan, credited, -1n),
        ChargeCategory: 'Credit',
        ChargeDescription: `${credited} ${spec.unit.toLowerCase()} included in the ${month.plan.tier} tier`,
        ChargeFrequency: 'Usage-Based',
        ChargePeriodStart: billing.start,
        ChargePeriodEnd: billing.end,
        PricingQuantity: kind === 'decisions' ? thousandths(credited) : String(credited),
        PricingUnit: spec.pricingUnit,
        SkuId: spec.sku,
        SkuMeter: spec.unit,
        SkuPriceId: `${month.plan.tier}-v${month.plan.version}-${spec.sku}`,
        x_ChargeKind: kind,
      }),
    ];
  }

  const activeAgents = sumBy(
    month.usage.filter((row) => row.decisions > 0),
    (row) => row.agentId,
    () => 1,
  ).map(({ row }) => ({ agentId: row.agentId, team: row.team, environment: row.environment }));
  const totalDecisions = month.usage.reduce((sum, row) => sum + row.decisions, 0);
  const totalApprovals = month.approvals.reduce((sum, row) => sum + row.approvals, 0);

  const lines = [
    ...dailyLines('decisions', month.plan, month.usage, (row) => row.decisions),
    ...dailyLines('approvals', month.plan, month.approvals, (row) => row.approvals),
    ...activeAgentLines(month.plan, activeAgents, billing),
    ...creditLine('decisions', totalDecisions, month.plan.included.decisions),
    ...creditLine('approvals', totalApprovals, month.plan.included.approvals),
    ...creditLine('active-agents', activeAgents.length, month.plan.included.activeAgents),
  ];
  const correction = month.correction;
  if (correction) {
    lines.push(
      ...dailyLines('decisions', correction.plan, correction.usage, (row) => row.decisions, correction.period),
      ...dailyLines('approvals', correction.plan, correction.approvals, (row) => row.approvals, correction.period),
      ...activeAgentLines(correction.plan, correction.newActiveAgents, monthBounds(correction.period), correction.period),
    );
  }
  return lines;
}
