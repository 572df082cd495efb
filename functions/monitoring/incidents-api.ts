import { MONITORING_ROUTES } from '../../shared/manifest/routes/monitoring-routes';
import { incidentServices } from '../_lib/compose/monitoring';
import { httpRoute } from '../_lib/http-route';
import { dispatchByRoute } from '../_lib/route-dispatch';

/** GET .../incidents, GET .../incidents/{id}, POST .../acknowledge and .../resolve. */
export const handler = dispatchByRoute([
  [
    MONITORING_ROUTES.listIncidents,
    httpRoute(MONITORING_ROUTES.listIncidents, incidentServices, ({ services, principal, params, query }) =>
      services.incidents.list(principal, params.tenantId, query),
    ),
  ],
  [
    MONITORING_ROUTES.getIncident,
    httpRoute(MONITORING_ROUTES.getIncident, incidentServices, ({ services, principal, params }) =>
      services.incidents.get(principal, params.tenantId, params.incidentId),
    ),
  ],
  [
    MONITORING_ROUTES.acknowledgeIncident,
    httpRoute(MONITORING_ROUTES.acknowledgeIncident, incidentServices, ({ services, principal, params, body }) =>
      services.incidents.acknowledge(principal, params.tenantId, params.incidentId, body),
    ),
  ],
  [
    MONITORING_ROUTES.resolveIncident,
    httpRoute(MONITORING_ROUTES.resolveIncident, incidentServices, ({ services, principal, params, body }) =>
      services.incidents.resolve(principal, params.tenantId, params.incidentId, body),
    ),
  ],
]);
