/**
 * The fleet's metrics (`GET /v1/tenants/{t}/metrics`): totals, deny rate, latency percentiles and a
 * time series for a window, for the tenant, one team or one agent, the most active agents and the
 * most denied actions, all read from the rollups (metric-rollup.ts), never from the audit log.
 * Windows and the buckets they read: 1h in minutes, 24h and 7d in hours, 30d in days; active and
 * top agents and denied actions from the hours (1h) or days (longer windows) the window touches.
 * Beside the rollups: approvals (pending now, decided in the window) from bounded reads of the
 * approval store, and the decisions quota of the current period from its counter.
 */
import * as z from 'zod';
import type { Approval } from '../approvals/approval';
import type { ApprovalStore } from '../approvals/approval-store';
import { checkPermission } from '../auth/permissions';
import type { OperatorPrincipal } from '../auth/principal';
import { type Clock, isoAt } from '../kernel/clock';
import { firstIdAt } from '../kernel/ids';
import { AgentIdSchema, type Quotas, ScopeNameSchema } from '../kernel/schemas';
import { type QuotaInForce, type QuotaScope, quotasInForce } from '../quotas/quota';
import { OWNER_WINDOW_DAYS } from '../tenancy/owner-history';
import type { TenancyStore } from '../tenancy/tenancy-store';
import type { Tenant } from '../tenancy/tenant';
import { actionOfKey } from './action-key';
import { latencyQuantile } from './latency-histogram';
import { bucketOf, dimensions, type Granularity, type MetricBucket, type MetricsStore, sumCounts } from './metric-rollup';

export const METRIC_WINDOWS = {
  '1h': { ms: 3_600_000, series: 'minute', agents: 'hour' },
  '24h': { ms: 86_400_000, series: 'hour', agents: 'day' },
  '7d': { ms: 7 * 86_400_000, series: 'hour', agents: 'day' },
  '30d': { ms: 30 * 86_400_000, series: 'day', agents: 'day' },
} as const satisfies Record<string, { ms: number; series: Granularity; agents: Granularity }>;
export type MetricWindow = keyof typeof METRIC_WINDOWS;

export const MetricsQuerySchema = z
  .object({
    window: z.enum(Object.keys(METRIC_WINDOWS) as [MetricWindow, ...MetricWindow[]]).default('24h'),
    team: ScopeNameSchema.optional(),
    agentId: AgentIdSchema.optional(),
  })
  .strict();
export type MetricsQuery = z.infer<typeof MetricsQuerySchema>;

/** Agents listed in `topAgents`. */
export const TOP_AGENTS = 10;

/** Actions listed in `topDenied`. */
export const TOP_DENIED = 10;

/**
 * Approvals read per status (newest first) for `approvals`; when a read reaches it, the counts
 * are lower bounds and the answer says `capped: true`.
 */
export const MAX_APPROVALS_READ = 1000;

/** How far back an approval decided in the window may have opened: nobody decides an older one (separation-of-duties.ts). */
const DECIDED_LOOKBACK_MS = OWNER_WINDOW_DAYS * 86_400_000;

const STEP_MS: Record<Granularity, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** The buckets of a granularity from the one holding `fromMs` to the one holding `toMs`. */
export function bucketsBetween(fromMs: number, toMs: number, granularity: Granularity): string[] {
  const step = STEP_MS[granularity];
  const buckets: string[] = [];
  for (let ms = Math.floor(fromMs / step) * step; ms <= toMs; ms += step) buckets.push(bucketOf(isoAt(ms), granularity));
  return buckets;
}

/** The start of a bucket as an ISO time. */
const startOf = (bucket: string): string =>
  isoAt(Date.parse(bucket.length === 10 ? bucket : bucket.length === 13 ? `${bucket}:00Z` : `${bucket}Z`));

/** A share rounded to four places; 0 of nothing is 0. */
const rateOf = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000);

/** The median of numbers (the mean of the middle two for an even count); undefined for none. */
export function medianOf(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * The most denied actions in buckets carrying `deniedActions` (the tenant's or a team's hours or
 * days): counts summed per action key, the `limit` largest, ties in key order.
 */
export function topDeniedOf(buckets: readonly MetricBucket[], limit = TOP_DENIED): { action: string; tool?: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const bucket of buckets)
    for (const [key, count] of Object.entries(bucket.deniedActions ?? {})) counts.set(key, (counts.get(key) ?? 0) + count);
  return [...counts.entries()]
    .filter(([, count]) => count > 0)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, limit)
    .map(([key, count]) => ({ ...actionOfKey(key), count }));
}

/**
 * Approval figures: `pending` (waiting now), `decided` (approved or rejected within [fromMs, toMs])
 * and the median minutes from opening to decision of those (one decimal; null when none).
 * `settled` may hold approvals decided outside the window: they are left out here.
 */
export function approvalFiguresOf(input: {
  readonly pending: readonly Approval[];
  readonly settled: readonly Approval[];
  readonly fromMs: number;
  readonly toMs: number;
  readonly capped: boolean;
}) {
  const minutes = input.settled
    .filter((approval) => approval.status === 'approved' || approval.status === 'rejected')
    .filter((approval) => approval.decidedAt !== undefined)
    .filter((approval) => {
      const decidedMs = Date.parse(approval.decidedAt as string);
      return decidedMs >= input.fromMs && decidedMs <= input.toMs;
    })
    .map((approval) => (Date.parse(approval.decidedAt as string) - Date.parse(approval.createdAt)) / 60_000);
  const median = medianOf(minutes);
  return {
    pending: input.pending.length,
    decided: minutes.length,
    medianMinutesToDecide: median === undefined ? null : Math.round(median * 10) / 10,
    ...(input.capped ? { capped: true as const } : {}),
  };
}

/**
 * The decisions quota shown for a scope: of its quotas in force (a day's and a month's), the one
 * nearest its limit (the day's on a tie), with the units its counter holds; undefined without one.
 */
export function quotaFigureOf(quotas: readonly { quota: QuotaInForce; used: number }[]) {
  const figures = quotas.map(({ quota, used }) => ({ period: quota.period, used, limit: quota.limit, ratio: rateOf(used, quota.limit) }));
  return figures.reduce<(typeof figures)[number] | undefined>(
    (best, figure) => (best === undefined || figure.ratio > best.ratio ? figure : best),
    undefined,
  );
}

/** The quotas of one scope in force at `nowMs` (quota.ts decides periods and keys). */
function quotasOfScope(scope: QuotaScope, subject: string, quotas: Quotas, nowMs: number): QuotaInForce[] {
  const none = { quotas: {} };
  const all = quotasInForce({
    tenant: { id: subject, ...(scope === 'tenant' ? { quotas } : none) },
    team: { name: subject, ...(scope === 'team' ? { quotas } : none) },
    role: undefined,
    agent: { id: subject, ...(scope === 'agent' ? { quotas } : none) },
    nowMs,
  });
  return all.filter((quota) => quota.scope === scope);
}

/** A value for `teams` that no principal holds: team leads must name one of their teams. */
const EVERY_TEAM = '';

/** What the metrics report reads. */
export interface MetricsReportDeps {
  /** The rollups. */
  readonly store: MetricsStore;
  readonly clock: Clock;
  /** Pending and recently settled approvals (bounded reads, newest first). */
  readonly approvals: Pick<ApprovalStore, 'listRecentApprovals'>;
  /** Tenants (their quotas), e.g. the tenant state cache. */
  readonly tenants: { get(tenantId: string): Promise<Tenant | undefined> };
  /** Teams, agents and roles (their quotas). */
  readonly tenancy: Pick<TenancyStore, 'getTeam' | 'getAgent' | 'getRole'>;
  /** The units a quota's counter holds in its current period (0 before the first lease); a read, never a lease. */
  readonly quotaUsed: (tenantId: string, quota: QuotaInForce) => Promise<number>;
}

export function createMetricsReports(deps: MetricsReportDeps) {
  /** The approvals of the tenant, or of the team / agent under a filter: pending now and settled lately. */
  async function approvalsOf(tenantId: string, query: MetricsQuery, fromMs: number, toMs: number) {
    const concerns = (approval: Approval) =>
      (query.team === undefined || approval.agent.team === query.team) &&
      (query.agentId === undefined || approval.agent.id === query.agentId);
    const since = firstIdAt('apr', fromMs - DECIDED_LOOKBACK_MS);
    const [pending, approved, rejected] = await Promise.all([
      deps.approvals.listRecentApprovals(tenantId, 'pending', { limit: MAX_APPROVALS_READ }),
      deps.approvals.listRecentApprovals(tenantId, 'approved', { limit: MAX_APPROVALS_READ, since }),
      deps.approvals.listRecentApprovals(tenantId, 'rejected', { limit: MAX_APPROVALS_READ, since }),
    ]);
    return approvalFiguresOf({
      pending: pending.items.filter(concerns),
      settled: [...approved.items, ...rejected.items].filter(concerns),
      fromMs,
      toMs,
      capped: pending.more || approved.more || rejected.more,
    });
  }

  /** The decisions quota of the tenant, or of the team / agent under a filter (an agent only within the team asked for). */
  async function quotaOf(tenantId: string, query: MetricsQuery, nowMs: number) {
    let quotas: QuotaInForce[] = [];
    if (query.agentId !== undefined) {
      const agent = await deps.tenancy.getAgent(tenantId, query.agentId);
      if (agent !== undefined && (query.team === undefined || agent.team === query.team)) {
        const role = await deps.tenancy.getRole(tenantId, agent.role);
        quotas = quotasOfScope('agent', agent.id, { ...role?.quotas, ...agent.quotas }, nowMs);
      }
    } else if (query.team !== undefined) {
      const team = await deps.tenancy.getTeam(tenantId, query.team);
      quotas = team === undefined ? [] : quotasOfScope('team', team.name, team.quotas, nowMs);
    } else {
      const tenant = await deps.tenants.get(tenantId);
      quotas = tenant === undefined ? [] : quotasOfScope('tenant', tenant.id, tenant.quotas, nowMs);
    }
    const used = await Promise.all(quotas.map((quota) => deps.quotaUsed(tenantId, quota)));
    return quotaFigureOf(quotas.map((quota, index) => ({ quota, used: used[index] ?? 0 })));
  }

  return {
    async metrics(principal: OperatorPrincipal, tenantId: string, query: MetricsQuery) {
      checkPermission(principal, 'metrics:read', { tenantId, teams: [query.team ?? EVERY_TEAM] });
      const window = METRIC_WINDOWS[query.window];
      const toMs = deps.clock.nowMs();
      const fromMs = toMs - window.ms;
      const dimension =
        query.agentId !== undefined ? dimensions.agent(query.agentId) : query.team !== undefined ? dimensions.team(query.team) : 'tenant';
      const inTeam = (bucket: MetricBucket) => query.team === undefined || bucket.team === query.team;
      const coarseBuckets = bucketsBetween(fromMs, toMs, window.agents);

      const [seriesBuckets, agentBuckets, deniedBuckets, approvals, quota] = await Promise.all([
        deps.store.listBuckets(tenantId, window.series, bucketsBetween(fromMs, toMs, window.series), dimension),
        deps.store.listBuckets(
          tenantId,
          window.agents,
          coarseBuckets,
          query.agentId !== undefined ? dimensions.agent(query.agentId) : 'agent#',
        ),
        // Denied actions are counted for the tenant and its teams only, not per agent.
        query.agentId !== undefined ? Promise.resolve([]) : deps.store.listBuckets(tenantId, window.agents, coarseBuckets, dimension),
        approvalsOf(tenantId, query, fromMs, toMs),
        quotaOf(tenantId, query, toMs),
      ]);
      // An agent's series is shown under a team filter only if the agent decided in that team.
      const series = query.agentId !== undefined ? seriesBuckets.filter(inTeam) : seriesBuckets;
      const totals = sumCounts(series);

      const perAgent = new Map<string, { decisions: number; denied: number }>();
      for (const bucket of agentBuckets.filter(inTeam)) {
        const agentId = bucket.dimension.slice('agent#'.length);
        const current = perAgent.get(agentId) ?? { decisions: 0, denied: 0 };
        perAgent.set(agentId, { decisions: current.decisions + bucket.decisions, denied: current.denied + bucket.denied });
      }
      const topAgents = [...perAgent.entries()]
        .filter(([, counts]) => counts.decisions > 0)
        .sort(([a, x], [b, y]) => y.decisions - x.decisions || (a < b ? -1 : 1))
        .slice(0, TOP_AGENTS)
        .map(([agentId, counts]) => ({ agentId, ...counts }));

      return {
        window: query.window,
        from: isoAt(fromMs),
        to: isoAt(toMs),
        ...(query.team === undefined ? {} : { team: query.team }),
        ...(query.agentId === undefined ? {} : { agentId: query.agentId }),
        activeAgents: [...perAgent.values()].filter((counts) => counts.decisions > 0).length,
        decisions: totals.decisions,
        allowed: totals.allowed,
        denied: totals.denied,
        approvalsRequired: totals.approvalsRequired,
        denyRate: rateOf(totals.denied, totals.decisions),
        latencyMs: { p50: latencyQuantile(totals.latency, 0.5) ?? null, p99: latencyQuantile(totals.latency, 0.99) ?? null },
        series: series.map((bucket) => ({
          at: startOf(bucket.bucket),
          decisions: bucket.decisions,
          denied: bucket.denied,
          approvalsRequired: bucket.approvalsRequired,
        })),
        approvals,
        ...(quota === undefined ? {} : { quota }),
        topDenied: topDeniedOf(deniedBuckets),
        topAgents,
      };
    },
  };
}
