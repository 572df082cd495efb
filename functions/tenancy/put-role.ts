import { TENANCY_ROUTES } from '../../shared/manifest/routes/tenancy-routes';
import { tenancyServices } from '../_lib/compose/tenancy';
import { HttpResult, httpRoute } from '../_lib/http-route';

/** PUT /v1/tenants/{tenantId}/roles/{role} — create (201) or replace (200) an agent role. */
export const handler = httpRoute(TENANCY_ROUTES.putRole, tenancyServices, async ({ services, principal, params, body }) => {
  const { role, created } = await services.teamsAndRoles.putRole(principal, params.tenantId, params.role, body);
  return new HttpResult(created ? 201 : 200, role);
});
