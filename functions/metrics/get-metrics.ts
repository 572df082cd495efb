import { METRICS_ROUTES } from '../../shared/manifest/routes/metrics-routes';
import { metricsServices } from '../_lib/compose/metrics';
import { httpRoute } from '../_lib/http-route';

/** GET /v1/tenants/{tenantId}/metrics?window=&team=&agentId= — the fleet's metrics, from the rollups. */
export const handler = httpRoute(METRICS_ROUTES.tenantMetrics, metricsServices, async ({ services, principal, params, query }) =>
  services.metrics.metrics(principal, params.tenantId, query),
);
