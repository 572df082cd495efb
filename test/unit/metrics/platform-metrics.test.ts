import { describe, expect, it } from 'vitest';
import type { OperatorPrincipal } from '../../../shared/auth/principal';
import { createFixedClock } from '../../../shared/kernel/clock';
import { emptyLatency, latencyBucketOf } from '../../../shared/metrics/latency-histogram';
import type { Granularity, MetricBucket, MetricsStore } from '../../../shared/metrics/metric-rollup';
import {
  createPlatformMetrics,
  MAX_TENANTS_READ,
  type PlatformMetricsDeps,
  PlatformMetricsQuerySchema,
} from '../../../shared/metrics/platform-metrics';
import { aTenant } from '../../support/tenancy-fixtures';
import { createInMemoryOpsStore } from '../../support/in-memory/in-memory-ops-store';

const NOW = Date.parse('2026-12-06T10:30:00.000Z');
const admin: OperatorPrincipal = { kind: 'operator', sub: 'root', roles: ['platform-admin'], teams: [] };

/** Latency counts with `count` decisions of `ms` each. */
const latencyOf = (ms: number, count: number) => {
  const latency = emptyLatency();
  latency[latencyBucketOf(ms)] = count;
  return latency;
};
const bucket = (dimension: string, bucketKey: string, decisions: number, denied: number, latencyMs = 5): MetricBucket => ({
  bucket: bucketKey,
  dimension,
  decisions,
  allowed: decisions - denied,
  denied,
  approvalsRequired: 0,
  latency: latencyOf(latencyMs, decisions),
});

/** Rollups as listBuckets answers them: by tenant, granularity and bucket; dimensions matched by prefix. */
function fakeMetrics(rows: Record<string, Partial<Record<Granularity, MetricBucket[]>>>) {
  const reads: { tenantId: string; granularity: Granularity; buckets: readonly string[]; dimension: string }[] = [];
  const store: MetricsStore = {
    async listBuckets(tenantId, granularity, buckets, dimension) {
      reads.push({ tenantId, granularity, buckets, dimension });
      return (rows[tenantId]?.[granularity] ?? []).filter((row) => buckets.includes(row.bucket) && row.dimension.startsWith(dimension));
    },
  };
  return { store, reads };
}

function subject(overrides: Partial<PlatformMetricsDeps> & { tenantIds?: string[]; rows?: Parameters<typeof fakeMetrics>[0] } = {}) {
  const metrics = fakeMetrics(overrides.rows ?? {});
  const tenantIds = overrides.tenantIds ?? [];
  const listed: number[] = [];
  const deps: PlatformMetricsDeps = {
    tenancy: {
      listTenants: async (page) => {
        listed.push(page.limit);
        return { items: tenantIds.slice(0, page.limit).map((id) => aTenant(id)), more: tenantIds.length > page.limit };
      },
    },
    metrics: metrics.store,
    monitoring: { countOpenIncidents: async (tenantId) => (tenantId === 'acme' ? 2 : 0) },
    ops: createInMemoryOpsStore(),
    deadLetters: { waiting: async () => 3 },
    clock: createFixedClock(NOW),
    ...overrides,
  };
  return { platform: createPlatformMetrics(deps), reads: metrics.reads, listed };
}

const query = (input: Record<string, string> = {}) => PlatformMetricsQuerySchema.parse(input);

describe('Platform metrics', () => {
  it('lists tenants busiest first with their active agents, deny rate and open incidents, from the days a 24h window touches', async () => {
    const { platform, reads } = subject({
      tenantIds: ['acme', 'globex', 'initech'],
      rows: {
        acme: {
          day: [
            bucket('tenant', '2026-12-05', 10, 1),
            bucket('tenant', '2026-12-06', 30, 3),
            bucket('agent#agt_1', '2026-12-06', 30, 3),
            bucket('agent#agt_2', '2026-12-05', 10, 1),
          ],
        },
        globex: { day: [bucket('tenant', '2026-12-06', 100, 50, 40), bucket('agent#agt_9', '2026-12-06', 100, 50, 40)] },
      },
    });
    const answer = await platform.metrics(admin, query());
    expect(answer).toMatchObject({ window: '24h', from: '2026-12-05T10:30:00.000Z', to: '2026-12-06T10:30:00.000Z' });
    expect(answer.tenants).toEqual([
      { tenantId: 'globex', activeAgents: 1, decisions: 100, denyRate: 0.5, openIncidents: 0 },
      { tenantId: 'acme', activeAgents: 2, decisions: 40, denyRate: 0.1, openIncidents: 2 },
      { tenantId: 'initech', activeAgents: 0, decisions: 0, denyRate: 0, openIncidents: 0 },
    ]);
    expect(new Set(reads.map((read) => read.granularity))).toEqual(new Set(['day']));
    expect(reads[0]!.buckets).toEqual(['2026-12-05', '2026-12-06']);
  });

  it("merges every tenant's latency histogram into the system's percentiles", async () => {
    const { platform } = subject({
      tenantIds: ['acme', 'globex'],
      rows: {
        acme: { hour: [bucket('tenant', '2026-12-06T10', 98, 0, 5)] },
        globex: { hour: [bucket('tenant', '2026-12-06T09', 2, 0, 900)] },
      },
    });
    const answer = await platform.metrics(admin, query({ window: '1h' }));
    expect(answer.system.latencyMs).toEqual({ p50: 5, p99: 1000 });
    expect(answer.tenants.map((tenant) => tenant.decisions)).toEqual([98, 2]);
  });

  it('gives null percentiles, no tenants and the system figures on a platform without decisions', async () => {
    const { platform } = subject();
    expect(await platform.metrics(admin, query({ window: '30d' }))).toMatchObject({
      tenants: [],
      system: { streamLagSeconds: 0, deadLetters: 3, errorRate: 0, latencyMs: { p50: null, p99: null } },
    });
  });

  it('reports the stream lag, the error rate of the hours the window touches, and the dead letters', async () => {
    const ops = createInMemoryOpsStore();
    await ops.recordStreamTake({
      consumer: 'metrics rollup',
      instance: 'i-1',
      takenAt: new Date(NOW - 5000).toISOString(),
      oldestRecordAt: new Date(NOW - 9000).toISOString(),
      newestRecordAt: new Date(NOW - 6000).toISOString(),
      oldestAgeMs: 4000,
    });
    await ops.addApiAnswers({ hour: '2026-12-06T09', answers: 900, serverErrors: 1 });
    await ops.addApiAnswers({ hour: '2026-12-06T10', answers: 100, serverErrors: 1 });
    await ops.addApiAnswers({ hour: '2026-12-06T08', answers: 100, serverErrors: 100 }); // before the window
    const { platform } = subject({ ops });
    expect((await platform.metrics(admin, query({ window: '1h' }))).system).toMatchObject({
      streamLagSeconds: 4,
      deadLetters: 3,
      errorRate: 0.002,
    });
  });

  it('lists at most `limit` tenants and reads at most MAX_TENANTS_READ of them', async () => {
    const tenantIds = Array.from({ length: MAX_TENANTS_READ + 20 }, (_, index) => `t${String(index).padStart(3, '0')}`);
    const { platform, listed, reads } = subject({ tenantIds });
    const answer = await platform.metrics(admin, query({ limit: '5' }));
    expect(answer.tenants.map((tenant) => tenant.tenantId)).toEqual(['t000', 't001', 't002', 't003', 't004']);
    expect(listed).toEqual([MAX_TENANTS_READ]);
    expect(new Set(reads.map((read) => read.tenantId)).size).toBe(MAX_TENANTS_READ);
    expect(reads.filter((read) => read.dimension === 'agent#')).toHaveLength(5);
  });

  it('answers platform admins only', async () => {
    const { platform } = subject({ tenantIds: ['acme'] });
    for (const roles of [['tenant-admin'], ['security'], ['auditor'], ['team-lead'], ['platform-finance']] as const) {
      const principal: OperatorPrincipal = { kind: 'operator', sub: 'x', tenantId: 'acme', roles: [...roles], teams: ['ops'] };
      await expect(platform.metrics(principal, query()), roles[0]).rejects.toMatchObject({ name: 'ForbiddenError' });
    }
  });

  it('takes a window of 1h, 24h, 7d or 30d (24h when left out) and a limit of 1 to 100, nothing else', () => {
    expect(query()).toEqual({ window: '24h', limit: 20 });
    for (const input of [{ window: '2d' }, { limit: '0' }, { limit: '101' }, { limit: 'x' }, { tenant: 'acme' }])
      expect(PlatformMetricsQuerySchema.safeParse(input).success, JSON.stringify(input)).toBe(false);
  });
});
