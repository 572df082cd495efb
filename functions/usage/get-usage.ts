import { USAGE_ROUTES } from '../../shared/manifest/routes/usage-routes';
import { usageServices } from '../_lib/compose/usage';
import { httpRoute } from '../_lib/http-route';

/** GET /v1/tenants/{tenantId}/usage?period=YYYY-MM — a month's metered usage. */
export const handler = httpRoute(USAGE_ROUTES.usage, usageServices, async ({ services, principal, params, query }) =>
  services.usage.usage(principal, params.tenantId, query.period),
);
