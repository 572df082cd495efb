/**
 * MonitoringStore in memory, with the DynamoDB adapter's observable behaviour
 * (shared/adapters/dynamodb/dynamodb-monitoring-store.ts): anomalies listed newest first by
 * minute from `since`, each recorded once with its change record in the shared audit log.
 */
import { type Anomaly, anomalyPosition } from '../../../shared/monitoring/anomaly';
import type { AgentBaselines } from '../../../shared/monitoring/detectors';
import type { MonitoringSettings } from '../../../shared/monitoring/monitoring-settings';
import type { MonitoringStore } from '../../../shared/monitoring/monitoring-store';
import { auditAbsent, type InMemoryTables, pageOf, putAudit, stored, tenantKey } from './in-memory-tables';

export function createInMemoryMonitoringStore(tables: InMemoryTables): MonitoringStore {
  const settings = new Map<string, MonitoringSettings>();
  const cursors = new Map<string, string>();
  const baselines = new Map<string, AgentBaselines>();
  const anomalies = new Map<string, Anomaly & { position: string }>();

  return {
    getSettings: async (tenantId) => (settings.has(tenantId) ? stored(settings.get(tenantId)) : undefined),
    async putSettings(tenantId, value, change) {
      settings.set(tenantId, stored(value));
      putAudit(tables, change);
    },
    getCursor: async (tenantId) => cursors.get(tenantId),
    putCursor: async (tenantId, minute) => void cursors.set(tenantId, minute),
    async getBaselines(tenantId, agentIds) {
      const found = new Map<string, AgentBaselines>();
      for (const agentId of agentIds) {
        const value = baselines.get(tenantKey(tenantId, agentId));
        if (value) found.set(agentId, stored(value));
      }
      return found;
    },
    async putBaselines(tenantId, values) {
      for (const [agentId, value] of values) baselines.set(tenantKey(tenantId, agentId), stored(value));
    },
    async recordAnomaly(anomaly, change) {
      const key = tenantKey(anomaly.tenantId, anomalyPosition(anomaly));
      if (anomalies.has(key) || !auditAbsent(tables, [change])) return false;
      anomalies.set(key, { ...stored(anomaly), position: anomalyPosition(anomaly) });
      putAudit(tables, change);
      return true;
    },
    listAnomalies: async (tenantId, since, page) =>
      pageOf(
        [...anomalies.values()].filter((anomaly) => anomaly.tenantId === tenantId && anomaly.position >= since),
        (anomaly) => anomaly.position,
        page,
        'descending',
      ),
  };
}
