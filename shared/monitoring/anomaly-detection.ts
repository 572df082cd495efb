/**
 * The detection job (a schedule of the manifest, every minute): for every active tenant, each
 * minute since the last one it finished (at most MAX_CATCH_UP_MINUTES), reads the agents'
 * counters of that minute from the metrics rollups, runs the detectors against the agents'
 * baselines, records what they find and keeps the new baselines. It never reads the audit log.
 *
 * A minute is looked at once it ended SETTLE_MS ago, so the rollups (a second or so behind the
 * decisions) hold it whole. Running twice for a minute changes nothing: baselines skip minutes they
 * have seen, and an anomaly's id is its minute, agent and kind.
 */
import pLimit from 'p-limit';
import type { TenancyStore } from '../tenancy/tenancy-store';
import { type Clock, isoAt } from '../kernel/clock';
import type { IdGenerator } from '../kernel/ids';
import { readAll } from '../kernel/paginate';
import { bucketOf, GRANULARITIES, type MetricsStore } from '../metrics/metric-rollup';
import { ConflictError } from '../kernel/errors';
import { type Anomaly, anomalyChange, anomalyOf, anomalyPosition } from './anomaly';
import { incidentChange, joins, openedBy, withAnomaly } from './incident';
import { type AgentBaselines, detect, NEW_AGENT_BASELINES } from './detectors';
import { DEFAULT_MONITORING_SETTINGS } from './monitoring-settings';
import type { MonitoringStore } from './monitoring-store';

/** How long after a minute ends it is looked at. */
export const SETTLE_MS = 15_000;
/** Minutes one run catches up at most per tenant (after the runtime or the schedule stood still). */
export const MAX_CATCH_UP_MINUTES = 15;
/** Tries to record an anomaly in its incident while people change that incident. */
const INCIDENT_ATTEMPTS = 3;
const DETECTORS = { type: 'system', name: 'detectors' } as const;
/** Tenants worked on at once. */
const TENANTS_AT_ONCE = 16;
/** Tenants one run looks at, at most (documented limit). */
export const MAX_TENANTS_PER_RUN = 10_000;

export interface AnomalyDetectionDeps {
  readonly tenancy: Pick<TenancyStore, 'listTenants'>;
  readonly metrics: MetricsStore;
  readonly store: MonitoringStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

const MINUTE_MS = 60_000;
const minuteMs = (minute: string) => Date.parse(`${minute}:00.000Z`);

/**
 * The minutes after `cursor` (exclusive) up to `last` (inclusive), the latest MAX_CATCH_UP_MINUTES
 * of them (a tenant never looked at starts that far back).
 */
export function minutesToLook(cursor: string | undefined, last: string): string[] {
  const lastMs = minuteMs(last);
  const earliestMs = lastMs - (MAX_CATCH_UP_MINUTES - 1) * MINUTE_MS;
  const firstMs = cursor === undefined ? earliestMs : Math.max(minuteMs(cursor) + MINUTE_MS, earliestMs);
  const minutes: string[] = [];
  for (let ms = firstMs; ms <= lastMs; ms += MINUTE_MS) minutes.push(bucketOf(isoAt(ms), 'minute'));
  return minutes;
}

export function createAnomalyDetection(deps: AnomalyDetectionDeps) {
  const { store, metrics, clock } = deps;

  /**
   * Records a new anomaly in the incident it opens or joins, at once; false when it was recorded
   * before (a run twice for a minute). A race on the incident (a person resolving it) is read again.
   */
  async function recordInIncident(found: Anomaly): Promise<boolean> {
    if (await store.hasAnomaly(found.tenantId, anomalyPosition(found))) return false;
    for (let attempt = 0; attempt < INCIDENT_ATTEMPTS; attempt++) {
      const open = await store.openIncidentOf(found.tenantId, found.agentId);
      const joined = joins(open, found);
      const incident = joined ? withAnomaly(open, found) : openedBy(found, deps.ids.next('inc'));
      const anomaly = { ...found, incidentId: incident.id };
      const change = incidentChange(incident, joined ? open : undefined, { id: deps.ids.next('aud'), actor: DETECTORS });
      const write = { next: incident, expectedVersion: joined ? open.version : undefined, change };
      if (await store.recordAnomaly(anomaly, anomalyChange(anomaly, deps.ids.next('aud')), write)) return true;
      if (await store.hasAnomaly(found.tenantId, anomalyPosition(found))) return false;
    }
    throw new ConflictError(`Incident of agent ${found.agentId} kept changing`, 'version_conflict');
  }

  /** One tenant's minute: returns how many anomalies were new. */
  async function detectMinute(tenantId: string, minute: string, settings: typeof DEFAULT_MONITORING_SETTINGS): Promise<number> {
    const counters = await metrics.listBuckets(tenantId, 'minute', [minute], 'agent#');
    if (counters.length === 0) return 0;
    const agentIds = counters.map((counter) => counter.dimension.slice('agent#'.length));
    const known = await store.getBaselines(tenantId, agentIds);
    const next = new Map<string, AgentBaselines>();
    let recorded = 0;
    for (const [index, counter] of counters.entries()) {
      const agentId = agentIds[index]!;
      const result = detect(
        known.get(agentId) ?? NEW_AGENT_BASELINES,
        { minute, decisions: counter.decisions, denied: counter.denied, ...(counter.actions ? { actions: counter.actions } : {}) },
        settings,
      );
      next.set(agentId, result.baselines);
      for (const detection of result.detections) {
        const anomaly = anomalyOf({ tenantId, agentId, team: counter.team ?? '', minute, detection, detectedAt: isoAt(clock.nowMs()) });
        if (await recordInIncident(anomaly)) recorded++;
      }
    }
    await store.putBaselines(tenantId, next);
    return recorded;
  }

  return {
    /**
     * Looks at every active tenant's minutes up to the last one settled at `atMs` (now). Returns
     * the tenants looked at and the anomalies recorded; a tenant that fails is skipped (the next
     * run takes it up again from its cursor), and the failure is in `failed`.
     */
    async run(atMs = clock.nowMs()): Promise<{ tenants: number; anomalies: number; failed: string[] }> {
      const last = bucketOf(isoAt(atMs - SETTLE_MS - MINUTE_MS), 'minute');
      const tenants = (
        await readAll(
          (page) => deps.tenancy.listTenants(page),
          (tenant) => tenant.id,
          500,
        )
      )
        .filter((tenant) => tenant.status === 'active')
        .slice(0, MAX_TENANTS_PER_RUN);
      const limit = pLimit(TENANTS_AT_ONCE);
      const failed: string[] = [];
      let anomalies = 0;
      await Promise.all(
        tenants.map((tenant) =>
          limit(async () => {
            try {
              const minutes = minutesToLook(await store.getCursor(tenant.id), last);
              if (minutes.length === 0) return;
              // A tenant without decisions in the hours these minutes fall in costs one read.
              const hours = [...new Set(minutes.map((minute) => minute.slice(0, GRANULARITIES.hour.keyLength)))];
              const busyHours = new Set(
                (await metrics.listBuckets(tenant.id, 'hour', hours, 'tenant'))
                  .filter((hour) => hour.decisions > 0)
                  .map((hour) => hour.bucket),
              );
              if (busyHours.size > 0) {
                const settings = (await store.getSettings(tenant.id)) ?? DEFAULT_MONITORING_SETTINGS;
                for (const minute of minutes.filter((candidate) => busyHours.has(candidate.slice(0, GRANULARITIES.hour.keyLength))))
                  anomalies += await detectMinute(tenant.id, minute, settings);
              }
              await store.putCursor(tenant.id, minutes[minutes.length - 1]!);
            } catch {
              failed.push(tenant.id);
            }
          }),
        ),
      );
      return { tenants: tenants.length, anomalies, failed };
    },
  };
}
