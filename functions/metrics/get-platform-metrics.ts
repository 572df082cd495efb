import { PLATFORM_METRICS_ROUTES } from '../../shared/manifest/routes/platform-metrics-routes';
import { platformMetricsServices } from '../_lib/compose/platform-metrics';
import { httpRoute } from '../_lib/http-route';

/** GET /v1/metrics?window=&limit= — every tenant's metrics and the system's health (platform admins). */
export const handler = httpRoute(PLATFORM_METRICS_ROUTES.platformMetrics, platformMetricsServices, async ({ services, principal, query }) =>
  services.platformMetrics.metrics(principal, query),
);
