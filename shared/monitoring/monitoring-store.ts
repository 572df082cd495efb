/**
 * What monitoring needs from storage: the tenant's detector settings, the agents' baselines, the
 * detection job's cursor per tenant, and the anomalies. DynamoDB implementation:
 * shared/adapters/dynamodb/dynamodb-monitoring-store.ts.
 */
import type { ChangeRecord } from '../audit/change-record';
import type { StorePage } from '../kernel/page';
import type { Anomaly } from './anomaly';
import type { AgentBaselines } from './detectors';
import type { MonitoringSettings } from './monitoring-settings';

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
  /** Records an anomaly with its change record; false (nothing written) when it was recorded before. */
  recordAnomaly(anomaly: Anomaly, change: ChangeRecord): Promise<boolean>;
  /** Anomalies detected in minutes from `since` on, newest first, after a position. */
  listAnomalies(
    tenantId: string,
    since: string,
    page: { limit: number; after?: string },
  ): Promise<StorePage<Anomaly & { position: string }>>;
}
