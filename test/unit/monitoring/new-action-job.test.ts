/**
 * The detection job finding a new action. The metrics stores do not name an agent's actions yet,
 * so the job reads a stub MetricsStore whose agent minutes do.
 */
import { describe, expect, it } from 'vitest';
import { createFixedClock } from '../../../shared/kernel/clock';
import { createIdGenerator } from '../../../shared/kernel/ids';
import { actionKeyOf } from '../../../shared/metrics/action-key';
import { emptyLatency } from '../../../shared/metrics/latency-histogram';
import type { MetricBucket, MetricsStore } from '../../../shared/metrics/metric-rollup';
import { createAnomalyDetection } from '../../../shared/monitoring/anomaly-detection';
import { DEFAULT_MONITORING_SETTINGS } from '../../../shared/monitoring/monitoring-settings';
import { changeOf } from '../../contract/contract-fixtures';
import { createInMemoryStores } from '../../support/in-memory';
import { createInMemoryMonitoringStore } from '../../support/in-memory/in-memory-monitoring-store';
import { aTenant } from '../../support/tenancy-fixtures';

const tenantId = 'acme';
const agentId = 'agt_01ABCDEFGHJKMNPQRSTVWXYZ00';
const start = Date.parse('2026-12-06T10:00:00.000Z');
const minuteAt = (index: number) => new Date(start + index * 60_000).toISOString().slice(0, 16);
const read = actionKeyOf({ action: 'tool:invoke', tool: 'crm.read' });
const vault = actionKeyOf({ action: 'tool:invoke', tool: 'vault.read' });

const counts = (decisions: number) => ({ decisions, allowed: decisions, denied: 0, approvalsRequired: 0, latency: emptyLatency() });

/** Agent minutes as the rollups will have them (with `actions`), and the tenant's hours they make busy. */
function stubMetrics(minutes: ReadonlyMap<string, readonly string[] | undefined>): MetricsStore {
  return {
    async listBuckets(_tenantId, granularity, buckets, dimension): Promise<MetricBucket[]> {
      if (granularity === 'hour' && dimension === 'tenant')
        return buckets.map((hour) => ({ bucket: hour, dimension: 'tenant', ...counts(minutes.size) }));
      if (granularity !== 'minute' || dimension !== 'agent#') return [];
      return buckets
        .filter((minute) => minutes.has(minute))
        .map((minute) => {
          const actions = minutes.get(minute);
          return { bucket: minute, dimension: `agent#${agentId}`, team: 'ops', ...counts(6), ...(actions ? { actions } : {}) };
        });
    },
  };
}

async function setUp(minutes: ReadonlyMap<string, readonly string[] | undefined>) {
  const clock = createFixedClock(start);
  const stores = createInMemoryStores(clock);
  await stores.tenancy.createTenant(aTenant(tenantId), changeOf(tenantId, 'tenant.onboarded'));
  const monitoring = createInMemoryMonitoringStore(stores.tables);
  await monitoring.putSettings(tenantId, { ...DEFAULT_MONITORING_SETTINGS, learningMinutes: 3 }, changeOf(tenantId, 'monitoring.updated'));
  const job = createAnomalyDetection({
    tenancy: stores.tenancy,
    metrics: stubMetrics(minutes),
    store: monitoring,
    clock,
    ids: createIdGenerator(clock),
  });
  return { clock, monitoring, job };
}

describe('the detection job and new actions', () => {
  it('records an agent taking up a tool after its learning period once, naming it, in a low incident', async () => {
    const minutes = new Map([0, 1, 2, 3, 4, 5, 6].map((index) => [minuteAt(index), index >= 5 ? [read, vault] : [read]] as const));
    const { clock, monitoring, job } = await setUp(minutes);
    clock.set(start + 7 * 60_000 + 30_000);
    expect(await job.run()).toMatchObject({ anomalies: 1, failed: [] });
    expect(await job.run()).toMatchObject({ anomalies: 0 });

    const anomalies = (await monitoring.listAnomalies(tenantId, '2026-12-06T00:00', { limit: 10 })).items;
    expect(anomalies).toEqual([
      expect.objectContaining({
        kind: 'new_action',
        observed: 1,
        baseline: 1,
        score: 0.5,
        actions: [{ action: 'tool:invoke', tool: 'vault.read' }],
        window: { from: '2026-12-06T10:05:00.000Z', to: '2026-12-06T10:06:00.000Z' },
      }),
    ]);
    expect(await monitoring.openIncidentOf(tenantId, agentId)).toMatchObject({ severity: 'low', anomalies: [anomalies[0]!.id] });
    expect((await monitoring.getBaselines(tenantId, [agentId])).get(agentId)?.actions).toEqual({ since: minuteAt(0), keys: [read, vault] });
  });

  it('finds nothing in minutes that name no actions, and learns afresh from the first that does', async () => {
    const minutes = new Map([0, 1, 2, 3, 4, 5, 6].map((index) => [minuteAt(index), index >= 5 ? [read] : undefined] as const));
    const { clock, monitoring, job } = await setUp(minutes);
    clock.set(start + 7 * 60_000 + 30_000);
    expect(await job.run()).toMatchObject({ anomalies: 0, failed: [] });
    expect((await monitoring.getBaselines(tenantId, [agentId])).get(agentId)?.actions).toEqual({ since: minuteAt(5), keys: [read] });
  });
});
