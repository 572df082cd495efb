/**
 * The fleet's metrics (`GET /v1/tenants/{t}/metrics`): totals, deny rate, latency percentiles and a
 * time series for a window, for the tenant, one team or one agent, and the most active agents,
 * all read from the rollups (metric-rollup.ts), never from the audit log. Windows and the buckets
 * they read: 1h in minutes, 24h and 7d in hours, 30d in days; active and top agents from the
 * hours (1h) or days (longer windows) the window touches.
 */
import * as z from 'zod';
import { checkPermission } from '../auth/permissions';
import type { OperatorPrincipal } from '../auth/principal';
import { type Clock, isoAt } from '../kernel/clock';
import { AgentIdSchema, ScopeNameSchema } from '../kernel/schemas';
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

/** Deny rate rounded to four places; 0 without decisions. */
const rateOf = (denied: number, decisions: number) => (decisions === 0 ? 0 : Math.round((denied / decisions) * 10_000) / 10_000);

/** A value for `teams` that no principal holds: team leads must name one of their teams. */
const EVERY_TEAM = '';

export function createMetricsReports(deps: { store: MetricsStore; clock: Clock }) {
  return {
    async metrics(principal: OperatorPrincipal, tenantId: string, query: MetricsQuery) {
      checkPermission(principal, 'metrics:read', { tenantId, teams: [query.team ?? EVERY_TEAM] });
      const window = METRIC_WINDOWS[query.window];
      const toMs = deps.clock.nowMs();
      const fromMs = toMs - window.ms;
      const dimension =
        query.agentId !== undefined ? dimensions.agent(query.agentId) : query.team !== undefined ? dimensions.team(query.team) : 'tenant';
      const inTeam = (bucket: MetricBucket) => query.team === undefined || bucket.team === query.team;

      const [seriesBuckets, agentBuckets] = await Promise.all([
        deps.store.listBuckets(tenantId, window.series, bucketsBetween(fromMs, toMs, window.series), dimension),
        deps.store.listBuckets(
          tenantId,
          window.agents,
          bucketsBetween(fromMs, toMs, window.agents),
          query.agentId !== undefined ? dimensions.agent(query.agentId) : 'agent#',
        ),
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
        topAgents,
      };
    },
  };
}
