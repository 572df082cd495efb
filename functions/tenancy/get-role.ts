import { ROUTES } from '../../shared/manifest/routes';
import { httpRoute } from '../_lib/http-route';

/** GET /v1/tenants/{tenantId}/roles/{role} — read an agent role. */
export const handler = httpRoute(ROUTES.getRole, ({ services, principal, params }) =>
  services.teamsAndRoles.getRole(principal, params.tenantId, params.role),
);
