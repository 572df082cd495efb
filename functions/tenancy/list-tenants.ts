import { TENANCY_ROUTES } from '../../shared/manifest/routes/tenancy-routes';
import { tenancyServices } from '../_lib/compose/tenancy';
import { httpRoute } from '../_lib/http-route';

/** GET /v1/tenants — list tenants. */
export const handler = httpRoute(TENANCY_ROUTES.listTenants, tenancyServices, ({ services, principal, query }) =>
  services.tenants.list(principal, query),
);
