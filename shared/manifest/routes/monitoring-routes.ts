/**
 * The monitoring routes: detector settings and anomalies.
 */
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
} as const satisfies Record<string, RouteSpec>;
