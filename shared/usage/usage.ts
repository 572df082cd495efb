/**
 * Metered usage (`GET /v1/tenants/{t}/usage?period=YYYY-MM`): totals and breakdowns by team,
 * agent and day, summed from the per-agent-per-day counters the usage meter keeps from the audit stream
 * (shared/usage/usage-meter.ts): every audited decision is counted once. The basis of billing.
 */
import * as z from 'zod';
import { checkPermission } from '../auth/permissions';
import type { OperatorPrincipal } from '../auth/principal';
import { PeriodSchema } from '../kernel/schemas';

export const UsageQuerySchema = z.object({ period: PeriodSchema }).strict();

/** One agent's counters for one day (readers sum whatever items they get, so several may exist). */
export interface UsageCounter {
  readonly day: string;
  readonly agentId: string;
  readonly team: string;
  readonly role: string;
  readonly environment: string;
  readonly decisions: number;
  readonly allowed: number;
  readonly denied: number;
  readonly approvalsRequired: number;
  readonly batchRequests: number;
}

export interface UsageStore {
  /** Every counter of a tenant's month. */
  listUsage(tenantId: string, month: string): Promise<UsageCounter[]>;
}

const COUNTS = ['decisions', 'allowed', 'denied', 'approvalsRequired', 'batchRequests'] as const;
type Totals = Record<(typeof COUNTS)[number], number>;
const zero = (): Totals => ({ decisions: 0, allowed: 0, denied: 0, approvalsRequired: 0, batchRequests: 0 });
const add = (totals: Totals, counter: UsageCounter) => {
  for (const count of COUNTS) totals[count] += counter[count];
};

/** Totals, breakdowns and distinct active agents of a month's counters. */
export function summarizeUsage(period: string, counters: readonly UsageCounter[]) {
  const totals = zero();
  const group = (keyOf: (counter: UsageCounter) => string) => {
    const groups = new Map<string, Totals>();
    for (const counter of counters) {
      const key = keyOf(counter);
      let entry = groups.get(key);
      if (!entry) groups.set(key, (entry = zero()));
      add(entry, counter);
    }
    return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  };
  for (const counter of counters) add(totals, counter);
  return {
    period,
    totals: {
      ...totals,
      activeAgents: new Set(counters.filter((counter) => counter.decisions > 0).map((counter) => counter.agentId)).size,
    },
    byTeam: group((counter) => counter.team).map(([team, counts]) => ({ team, ...counts })),
    byAgent: group((counter) => counter.agentId).map(([agentId, counts]) => ({ agentId, ...counts })),
    byDay: group((counter) => counter.day).map(([day, counts]) => ({ day, ...counts })),
  };
}

export function createUsageReports(deps: { store: UsageStore }) {
  return {
    async usage(principal: OperatorPrincipal, tenantId: string, period: string) {
      checkPermission(principal, 'usage:read', { tenantId });
      return summarizeUsage(period, await deps.store.listUsage(tenantId, period));
    },
  };
}
