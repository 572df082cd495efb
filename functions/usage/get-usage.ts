import { ROUTES } from '../../shared/manifest/routes';
import { httpRoute } from '../_lib/http-route';

/** GET /v1/tenants/{tenantId}/usage?period=YYYY-MM — a month's metered usage. */
export const handler = httpRoute(ROUTES.usage, async ({ services, principal, params, query }) => services.usage.usage(principal, params.tenantId, query.period));
