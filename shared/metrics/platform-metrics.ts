/**
 * The platform view (`GET /v1/metrics`, platform admins only): per tenant, decisions, deny rate,
 * active agents and unresolved incidents for a window; for the system, the audit stream's lag,
 * the dead letters waiting, the API's error rate and the decision latency of every tenant read.
 * Tenants come from the rollups (metric-rollup.ts) at the window's coarse granularity (hours for
 * 1h, days otherwise: the buckets the window touches), so the work is bounded: at most
 * MAX_TENANTS_READ tenants, each one read per bucket (at most 31), PLATFORM_READS_AT_ONCE at a
 * time. See docs/decisions/metrics.md, "The platform view".
 */
import pLimit from 'p-limit';
import * as z from 'zod';
import { checkPermission } from '../auth/permissions';
import type { OperatorPrincipal } from '../auth/principal';
import { type Clock, isoAt } from '../kernel/clock';
import type { MonitoringStore } from '../monitoring/monitoring-store';
import type { TenancyStore } from '../tenancy/tenancy-store';
import { answerHourOf, errorRateOf } from './api-answers';
import type { DeadLetterQueues } from './dead-letters';
import { addLatency, emptyLatency, latencyQuantile } from './latency-histogram';
import { type MetricsStore, sumCounts } from './metric-rollup';
import { bucketsBetween, METRIC_WINDOWS, type MetricWindow } from './metrics-report';
import type { OpsStore } from './ops-store';
import { streamLagOf } from './stream-lag';

/** Tenants read per answer (the first ones the tenancy store lists, by id). */
export const MAX_TENANTS_READ = 100;

/** Tenants read from the rollups at once. */
export const PLATFORM_READS_AT_ONCE = 8;

export const PlatformMetricsQuerySchema = z
  .object({
    window: z.enum(Object.keys(METRIC_WINDOWS) as [MetricWindow, ...MetricWindow[]]).default('24h'),
    /** Tenants listed, busiest first. */
    limit: z.coerce.number().int().min(1).max(MAX_TENANTS_READ).default(20),
  })
  .strict();
export type PlatformMetricsQuery = z.infer<typeof PlatformMetricsQuerySchema>;

const TenantRowSchema = z.object({
  tenantId: z.string(),
  activeAgents: z.number().int(),
  decisions: z.number().int(),
  denyRate: z.number(),
  openIncidents: z.number().int(),
});

/** The answer (documentation; the OpenAPI document shows it). */
export const PlatformMetricsSchema = z.object({
  window: z.enum(Object.keys(METRIC_WINDOWS) as [MetricWindow, ...MetricWindow[]]),
  from: z.string().datetime(),
  to: z.string().datetime(),
  tenants: z.array(TenantRowSchema),
  system: z.object({
    streamLagSeconds: z.number().int().nonnegative(),
    deadLetters: z.number().int().nonnegative(),
    errorRate: z.number().min(0).max(1),
    latencyMs: z.object({ p50: z.number().nullable(), p99: z.number().nullable() }),
  }),
});
export type PlatformMetrics = z.infer<typeof PlatformMetricsSchema>;

/** Deny rate rounded to four places; 0 without decisions. */
const rateOf = (denied: number, decisions: number) => (decisions === 0 ? 0 : Math.round((denied / decisions) * 10_000) / 10_000);

export interface PlatformMetricsDeps {
  readonly tenancy: Pick<TenancyStore, 'listTenants'>;
  readonly metrics: MetricsStore;
  readonly monitoring: Pick<MonitoringStore, 'countOpenIncidents'>;
  readonly ops: Pick<OpsStore, 'listStreamTakes' | 'listApiAnswers'>;
  readonly deadLetters: DeadLetterQueues;
  readonly clock: Clock;
}

export function createPlatformMetrics(deps: PlatformMetricsDeps) {
  return {
    async metrics(principal: OperatorPrincipal, query: PlatformMetricsQuery): Promise<PlatformMetrics> {
      checkPermission(principal, 'metrics:platform-read');
      const window = METRIC_WINDOWS[query.window];
      const toMs = deps.clock.nowMs();
      const fromMs = toMs - window.ms;
      const granularity = window.agents;
      const buckets = bucketsBetween(fromMs, toMs, granularity);
      const limit = pLimit(PLATFORM_READS_AT_ONCE);

      const [listed, takes, answers, deadLetters] = await Promise.all([
        deps.tenancy.listTenants({ limit: MAX_TENANTS_READ }),
        deps.ops.listStreamTakes(),
        deps.ops.listApiAnswers(answerHourOf(fromMs), answerHourOf(toMs)),
        deps.deadLetters.waiting(),
      ]);
      const totals = await Promise.all(
        listed.items.map((tenant) =>
          limit(async () => ({
            tenantId: tenant.id,
            ...sumCounts(await deps.metrics.listBuckets(tenant.id, granularity, buckets, 'tenant')),
          })),
        ),
      );
      const busiest = [...totals].sort((a, b) => b.decisions - a.decisions || (a.tenantId < b.tenantId ? -1 : 1)).slice(0, query.limit);
      const tenants = await Promise.all(
        busiest.map((tenant) =>
          limit(async () => {
            const [agentBuckets, openIncidents] = await Promise.all([
              deps.metrics.listBuckets(tenant.tenantId, granularity, buckets, 'agent#'),
              deps.monitoring.countOpenIncidents(tenant.tenantId),
            ]);
            const active = new Set(agentBuckets.filter((bucket) => bucket.decisions > 0).map((bucket) => bucket.dimension));
            return {
              tenantId: tenant.tenantId,
              activeAgents: active.size,
              decisions: tenant.decisions,
              denyRate: rateOf(tenant.denied, tenant.decisions),
              openIncidents,
            };
          }),
        ),
      );

      const latency = emptyLatency();
      for (const tenant of totals) addLatency(latency, tenant.latency);
      return {
        window: query.window,
        from: isoAt(fromMs),
        to: isoAt(toMs),
        tenants,
        system: {
          streamLagSeconds: streamLagOf(takes, toMs),
          deadLetters,
          errorRate: errorRateOf(answers),
          latencyMs: { p50: latencyQuantile(latency, 0.5) ?? null, p99: latencyQuantile(latency, 0.99) ?? null },
        },
      };
    },
  };
}
