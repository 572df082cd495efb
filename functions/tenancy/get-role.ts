import { TENANCY_ROUTES } from '../../shared/manifest/routes/tenancy-routes';
import { tenancyServices } from '../_lib/compose/tenancy';
import { httpRoute } from '../_lib/http-route';

/** GET /v1/tenants/{tenantId}/roles/{role} — read an agent role. */
export const handler = httpRoute(TENANCY_ROUTES.getRole, tenancyServices, ({ services, principal, params }) =>
  services.teamsAndRoles.getRole(principal, params.tenantId, params.role),
);
