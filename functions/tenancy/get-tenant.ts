import { TENANCY_ROUTES } from '../../shared/manifest/routes/tenancy-routes';
import { tenancyServices } from '../_lib/compose/tenancy';
import { httpRoute } from '../_lib/http-route';

/** GET /v1/tenants/{tenantId} — read a tenant. */
export const handler = httpRoute(TENANCY_ROUTES.getTenant, tenancyServices, ({ services, principal, params }) =>
  services.tenants.get(principal, params.tenantId),
);
