/**
 * What monitoring needs from storage: the tenant's detector settings, the agents' baselines, the
 * detection job's cursor per tenant, and the anomalies. DynamoDB implementation:
 * shared/adapters/dynamodb/dynamodb-monitoring-store.ts.
 */
import type { ChangeRecord } from '../audit/change-record';
import type { StorePage } from '../kernel/page';
import type { Anomaly } from './anomaly';
import type { AgentBaselines } from './detectors';
import type { Incident } from './incident';
import type { MonitoringSettings } from './monitoring-settings';

/** An incident to write with an anomaly. */
export interface IncidentWrite {
  readonly next: Incident;
  readonly expectedVersion: number | undefined;
  readonly change: ChangeRecord;
}

export interface MonitoringStore {
  /** The tenant's settings, if it ever saved any. */
  getSettings(tenantId: string): Promise<MonitoringSettings | undefined>;
  /** Saves the settings with the change record that says so. */
  putSettings(tenantId: string, settings: MonitoringSettings, change: ChangeRecord): Promise<void>;
  /** The last minute the detection job finished for the tenant. */
  getCursor(tenantId: string): Promise<string | undefined>;
  putCursor(tenantId: string, minute: string): Promise<void>;
  /** The baselines of these agents (absent: never seen). */
  getBaselines(tenantId: string, agentIds: readonly string[]): Promise<Map<string, AgentBaselines>>;
  putBaselines(tenantId: string, baselines: ReadonlyMap<string, AgentBaselines>): Promise<void>;
  /**
   * Records an anomaly with its change record and, when given, the incident it opens or joins
   * (written only from `expectedVersion`, undefined for a new one) with that incident's change
   * record, all at once; false (nothing written) when the anomaly was recorded before or the
   * incident moved meanwhile (the caller reads again).
   */
  recordAnomaly(anomaly: Anomaly, change: ChangeRecord, incident?: IncidentWrite): Promise<boolean>;
  /** Whether the anomaly at this position was recorded. */
  hasAnomaly(tenantId: string, position: string): Promise<boolean>;
  /** The agent's unresolved incident, if any (strongly consistent). */
  openIncidentOf(tenantId: string, agentId: string): Promise<Incident | undefined>;
  /** How many incidents of the tenant are unresolved (open or acknowledged): one per agent at most. */
  countOpenIncidents(tenantId: string): Promise<number>;
  getIncident(tenantId: string, incidentId: string): Promise<Incident | undefined>;
  /** Incidents newest first, after an incident id. */
  listIncidents(tenantId: string, page: { limit: number; after?: string }): Promise<StorePage<Incident>>;
  /**
   * Saves an incident from `expectedVersion` (undefined: a new one, with its agent's open-incident
   * pointer); ConflictError (`version_conflict`) if it moved or exists.
   */
  saveIncident(incident: Incident, expectedVersion: number | undefined, change: ChangeRecord): Promise<void>;
  /** Anomalies detected in minutes from `since` on, newest first, after a position. */
  listAnomalies(
    tenantId: string,
    since: string,
    page: { limit: number; after?: string },
  ): Promise<StorePage<Anomaly & { position: string }>>;
}
