/**
 * MonitoringStore in memory, with the DynamoDB adapter's observable behaviour
 * (shared/adapters/dynamodb/dynamodb-monitoring-store.ts): anomalies listed newest first by
 * minute from `since`, each recorded once with its change record in the shared audit log.
 */
import { type Anomaly, anomalyPosition } from '../../../shared/monitoring/anomaly';
import type { AgentBaselines } from '../../../shared/monitoring/detectors';
import { type MonitoringSettings, storedSettingsOf } from '../../../shared/monitoring/monitoring-settings';
import type { ChangeRecord } from '../../../shared/audit/change-record';
import { ConflictError } from '../../../shared/kernel/errors';
import type { Incident } from '../../../shared/monitoring/incident';
import type { IncidentWrite, MonitoringStore } from '../../../shared/monitoring/monitoring-store';
import { auditAbsent, type InMemoryTables, pageOf, putAudit, stored, tenantKey } from './in-memory-tables';

export function createInMemoryMonitoringStore(tables: InMemoryTables): MonitoringStore {
  const settings = new Map<string, MonitoringSettings>();
  const cursors = new Map<string, string>();
  const baselines = new Map<string, AgentBaselines>();
  const anomalies = new Map<string, Anomaly & { position: string }>();
  const incidents = new Map<string, Incident>();
  const openIncidents = new Map<string, string>();
  const incidentHolds = (write: IncidentWrite | undefined) =>
    write === undefined ||
    (write.expectedVersion === undefined
      ? !incidents.has(tenantKey(write.next.tenantId, write.next.id))
      : incidents.get(tenantKey(write.next.tenantId, write.next.id))?.version === write.expectedVersion);
  const writeIncident = (incident: Incident, change: ChangeRecord) => {
    incidents.set(tenantKey(incident.tenantId, incident.id), stored(incident));
    const pointer = tenantKey(incident.tenantId, incident.agentId);
    if (incident.status === 'resolved') openIncidents.delete(pointer);
    else openIncidents.set(pointer, incident.id);
    putAudit(tables, change);
  };

  return {
    getSettings: async (tenantId) => (settings.has(tenantId) ? storedSettingsOf(stored(settings.get(tenantId))) : undefined),
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
    async recordAnomaly(anomaly, change, incident) {
      const key = tenantKey(anomaly.tenantId, anomalyPosition(anomaly));
      const changes = incident ? [change, incident.change] : [change];
      if (anomalies.has(key) || !auditAbsent(tables, changes) || !incidentHolds(incident)) return false;
      anomalies.set(key, { ...stored(anomaly), position: anomalyPosition(anomaly) });
      putAudit(tables, change);
      if (incident) writeIncident(incident.next, incident.change);
      return true;
    },
    hasAnomaly: async (tenantId, position) => anomalies.has(tenantKey(tenantId, position)),
    async openIncidentOf(tenantId, agentId) {
      const id = openIncidents.get(tenantKey(tenantId, agentId));
      const incident = id === undefined ? undefined : incidents.get(tenantKey(tenantId, id));
      return incident ? stored(incident) : undefined;
    },
    countOpenIncidents: async (tenantId) =>
      [...openIncidents.values()].filter((id) => incidents.get(tenantKey(tenantId, id))?.tenantId === tenantId).length,
    getIncident: async (tenantId, incidentId) => {
      const incident = incidents.get(tenantKey(tenantId, incidentId));
      return incident ? stored(incident) : undefined;
    },
    listIncidents: async (tenantId, page) =>
      pageOf(
        [...incidents.values()].filter((incident) => incident.tenantId === tenantId),
        (incident) => incident.id,
        page,
        'descending',
      ),
    async saveIncident(incident, expectedVersion, change) {
      if (incidents.get(tenantKey(incident.tenantId, incident.id))?.version !== expectedVersion || !auditAbsent(tables, [change]))
        throw new ConflictError(`Incident ${incident.id} changed meanwhile`, 'version_conflict');
      writeIncident(incident, change);
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
