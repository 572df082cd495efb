import { MONITORING_ROUTES } from '../../shared/manifest/routes/monitoring-routes';
import { monitoringServices } from '../_lib/compose/monitoring';
import { httpRoute } from '../_lib/http-route';
import { dispatchByRoute } from '../_lib/route-dispatch';

/** GET, PUT .../monitoring and GET .../anomalies. */
export const handler = dispatchByRoute([
  [
    MONITORING_ROUTES.getMonitoring,
    httpRoute(MONITORING_ROUTES.getMonitoring, monitoringServices, ({ services, principal, params }) =>
      services.monitoring.settings(principal, params.tenantId),
    ),
  ],
  [
    MONITORING_ROUTES.putMonitoring,
    httpRoute(MONITORING_ROUTES.putMonitoring, monitoringServices, ({ services, principal, params, body }) =>
      services.monitoring.putSettings(principal, params.tenantId, body),
    ),
  ],
  [
    MONITORING_ROUTES.listAnomalies,
    httpRoute(MONITORING_ROUTES.listAnomalies, monitoringServices, ({ services, principal, params, query }) =>
      services.monitoring.anomalies(principal, params.tenantId, query),
    ),
  ],
]);
