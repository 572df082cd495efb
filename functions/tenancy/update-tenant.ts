import { TENANCY_ROUTES } from '../../shared/manifest/routes/tenancy-routes';
import { tenancyServices } from '../_lib/compose/tenancy';
import { httpRoute } from '../_lib/http-route';

/** PATCH /v1/tenants/{tenantId} — change a tenant. */
export const handler = httpRoute(TENANCY_ROUTES.updateTenant, tenancyServices, ({ services, principal, params, body }) =>
  services.tenants.update(principal, params.tenantId, body),
);
