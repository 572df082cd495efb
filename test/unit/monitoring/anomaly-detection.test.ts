import { describe, expect, it } from 'vitest';
import { createFixedClock } from '../../../shared/kernel/clock';
import { createIdGenerator } from '../../../shared/kernel/ids';
import { createMetricsRollup } from '../../../shared/metrics/metric-rollup';
import { createAnomalyDetection, MAX_CATCH_UP_MINUTES, minutesToLook } from '../../../shared/monitoring/anomaly-detection';
import { DEFAULT_MONITORING_SETTINGS } from '../../../shared/monitoring/monitoring-settings';
import { changeOf } from '../../contract/contract-fixtures';
import { createInMemoryStores } from '../../support/in-memory';
import { createInMemoryMetricsStores } from '../../support/in-memory/in-memory-metrics-store';
import { createInMemoryMonitoringStore } from '../../support/in-memory/in-memory-monitoring-store';
import { aTenant } from '../../support/tenancy-fixtures';

describe('minutes the detection job looks at', () => {
  it('takes the minutes after its cursor up to the last settled one, in order', () => {
    expect(minutesToLook('2026-12-06T10:02', '2026-12-06T10:05')).toEqual(['2026-12-06T10:03', '2026-12-06T10:04', '2026-12-06T10:05']);
  });

  it('looks at nothing when the cursor is at or past the last settled minute (a run twice for a minute)', () => {
    expect(minutesToLook('2026-12-06T10:05', '2026-12-06T10:05')).toEqual([]);
    expect(minutesToLook('2026-12-06T11:00', '2026-12-06T10:05')).toEqual([]);
  });

  it('catches up at most MAX_CATCH_UP_MINUTES, also for a tenant never looked at', () => {
    const late = minutesToLook('2026-12-06T08:00', '2026-12-06T10:05');
    expect(late).toHaveLength(MAX_CATCH_UP_MINUTES);
    expect(late.at(-1)).toBe('2026-12-06T10:05');
    expect(minutesToLook(undefined, '2026-12-06T10:05')).toEqual(late);
  });
});

describe('the detection job (in-memory ports)', () => {
  const tenantId = 'acme';
  const agentId = 'agt_01ABCDEFGHJKMNPQRSTVWXYZ00';
  const start = Date.parse('2026-12-06T10:00:00.000Z');

  async function setUp() {
    const clock = createFixedClock(start);
    const stores = createInMemoryStores(clock);
    await stores.tenancy.createTenant(aTenant(tenantId), changeOf(tenantId, 'tenant.onboarded'));
    const metrics = createInMemoryMetricsStores();
    const rollup = createMetricsRollup({ store: metrics.rollup });
    const monitoring = createInMemoryMonitoringStore(stores.tables);
    await monitoring.putSettings(
      tenantId,
      { ...DEFAULT_MONITORING_SETTINGS, learningMinutes: 3 },
      changeOf(tenantId, 'monitoring.updated'),
    );
    const job = createAnomalyDetection({
      tenancy: stores.tenancy,
      metrics: metrics.metrics,
      store: monitoring,
      clock,
      ids: createIdGenerator(clock),
    });
    let sequence = 0;
    /** `count` decisions of the agent in minute `minute` after start, `denied` of them denied. */
    const traffic = (minute: number, count: number, denied = 0) =>
      rollup.rollUp(
        Array.from({ length: count }, (_, i) => ({
          itemType: 'decision' as const,
          id: `dec_${minute}_${i}`,
          tenantId,
          at: new Date(start + minute * 60_000 + 1000 + i).toISOString(),
          agent: { id: agentId, team: 'ops' },
          effect: i < denied ? ('deny' as const) : ('allow' as const),
          latencyMs: 2,
          request: { action: 'tool:invoke', tool: 'crm.read' },
          sequence: String(++sequence),
        })),
      );
    return { clock, monitoring, job, traffic, audit: stores.audit };
  }

  it('records a deny burst once, in an incident that the next burst joins, however often it runs', async () => {
    const { clock, monitoring, job, traffic } = await setUp();
    for (let minute = 0; minute < 5; minute++) await traffic(minute, 12);
    await traffic(5, 12, 11);
    await traffic(6, 12);
    await traffic(7, 12, 12);
    clock.set(start + 8 * 60_000 + 30_000);
    expect(await job.run()).toMatchObject({ tenants: 1, anomalies: 2, failed: [] });
    expect(await job.run()).toMatchObject({ anomalies: 0 });

    const anomalies = (await monitoring.listAnomalies(tenantId, '2026-12-06T00:00', { limit: 10 })).items;
    expect(anomalies.map((anomaly) => [anomaly.kind, anomaly.window.from])).toEqual([
      ['deny_spike', '2026-12-06T10:07:00.000Z'],
      ['deny_spike', '2026-12-06T10:05:00.000Z'],
    ]);
    const incident = await monitoring.openIncidentOf(tenantId, agentId);
    expect(incident).toMatchObject({ status: 'open', severity: 'high', anomalies: anomalies.map((anomaly) => anomaly.id).reverse() });
    expect(anomalies.every((anomaly) => anomaly.incidentId === incident!.id)).toBe(true);
  });

  it('opens a new incident for an anomaly after the last one was resolved', async () => {
    const { clock, monitoring, job, traffic } = await setUp();
    for (let minute = 0; minute < 5; minute++) await traffic(minute, 12);
    await traffic(5, 12, 12);
    clock.set(start + 6 * 60_000 + 30_000);
    await job.run();
    const first = (await monitoring.openIncidentOf(tenantId, agentId))!;
    await monitoring.saveIncident(
      { ...first, status: 'resolved', version: first.version + 1 },
      first.version,
      changeOf(tenantId, 'incident.resolved'),
    );
    await traffic(7, 12, 12);
    clock.set(start + 8 * 60_000 + 30_000);
    await job.run();
    const second = await monitoring.openIncidentOf(tenantId, agentId);
    expect(second?.id).not.toBe(first.id);
    expect(second?.anomalies).toHaveLength(1);
  });
});
