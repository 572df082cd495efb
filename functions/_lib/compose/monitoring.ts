/**
 * Monitoring: detector settings and anomalies for the routes, and the detection job.
 */
import { createAnomalyDetection } from '../../../shared/monitoring/anomaly-detection';
import { createIncidents } from '../../../shared/monitoring/incidents';
import { createMonitoring } from '../../../shared/monitoring/monitoring';
import { clock, ids } from './kernel';
import { cursors } from './cursors';
import { metricsStore } from './metrics';
import { monitoringStore } from './monitoring-store';
import { once, onceAsync } from './once';
import { tenancyStore, tenantStates } from './tenancy-store';

/** What the monitoring routes use. */
export const monitoringServices = onceAsync(async () => ({
  tenantStates: tenantStates(),
  monitoring: createMonitoring({ store: monitoringStore(), clock: clock(), ids: ids(), cursors: await cursors() }),
}));

/** What the incident routes use. */
export const incidentServices = onceAsync(async () => ({
  tenantStates: tenantStates(),
  incidents: createIncidents({ store: monitoringStore(), clock: clock(), ids: ids(), cursors: await cursors() }),
}));

/** The detection job. */
export const anomalyDetection = once(() =>
  createAnomalyDetection({ tenancy: tenancyStore(), metrics: metricsStore(), store: monitoringStore(), clock: clock(), ids: ids() }),
);
