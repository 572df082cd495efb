import { TENANCY_ROUTES } from '../../shared/manifest/routes/tenancy-routes';
import { tenancyServices } from '../_lib/compose/tenancy';
import { httpRoute } from '../_lib/http-route';

/** GET /v1/tenants/{tenantId}/roles — list agent roles. */
export const handler = httpRoute(TENANCY_ROUTES.listRoles, tenancyServices, ({ services, principal, params, query }) =>
  services.teamsAndRoles.listRoles(principal, params.tenantId, query),
);
