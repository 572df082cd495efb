/**
 * The monitoring routes: detector settings and anomalies.
 */
import { IncidentNoteSchema, IncidentQuerySchema } from '../../monitoring/incidents';
import { AnomalyQuerySchema } from '../../monitoring/monitoring';
import { MonitoringSettingsSchema } from '../../monitoring/monitoring-settings';
import type { RouteSpec } from '../route-spec';
import { TENANT_PATH } from './route-parts';

export const MONITORING_ROUTES = {
  getMonitoring: {
    method: 'GET',
    path: `${TENANT_PATH}/monitoring`,
    function: 'monitoring',
    auth: 'operator',
    permission: 'monitoring:read',
    tag: 'monitoring',
    summary: "The tenant's detector settings (defaults until changed)",
  },
  putMonitoring: {
    method: 'PUT',
    path: `${TENANT_PATH}/monitoring`,
    function: 'monitoring',
    auth: 'operator',
    permission: 'monitoring:write',
    tag: 'monitoring',
    summary: "Replace the tenant's detector settings (omitted fields take their defaults)",
    body: MonitoringSettingsSchema,
  },
  listAnomalies: {
    method: 'GET',
    path: `${TENANT_PATH}/anomalies`,
    function: 'monitoring',
    auth: 'operator',
    permission: 'monitoring:read',
    tag: 'monitoring',
    summary: 'Anomalies the detectors found, newest first; filters since, agentId, kind',
    query: AnomalyQuerySchema,
  },
  listIncidents: {
    method: 'GET',
    path: `${TENANT_PATH}/incidents`,
    function: 'incidents',
    auth: 'operator',
    permission: 'incident:read',
    tag: 'monitoring',
    summary: 'Incidents (anomalies of an agent grouped), newest first; filter status',
    query: IncidentQuerySchema,
  },
  getIncident: {
    method: 'GET',
    path: `${TENANT_PATH}/incidents/{incidentId}`,
    function: 'incidents',
    auth: 'operator',
    permission: 'incident:read',
    tag: 'monitoring',
    summary: 'An incident with its timeline',
  },
  acknowledgeIncident: {
    method: 'POST',
    path: `${TENANT_PATH}/incidents/{incidentId}/acknowledge`,
    function: 'incidents',
    auth: 'operator',
    permission: 'incident:write',
    tag: 'monitoring',
    summary: 'Acknowledge an incident, with a note',
    body: IncidentNoteSchema,
  },
  resolveIncident: {
    method: 'POST',
    path: `${TENANT_PATH}/incidents/{incidentId}/resolve`,
    function: 'incidents',
    auth: 'operator',
    permission: 'incident:write',
    tag: 'monitoring',
    summary: 'Resolve an incident, with a note',
    body: IncidentNoteSchema,
  },
} as const satisfies Record<string, RouteSpec>;
