import { TENANCY_ROUTES } from '../../shared/manifest/routes/tenancy-routes';
import { tenancyServices } from '../_lib/compose/tenancy';
import { httpRoute } from '../_lib/http-route';

/** POST /v1/tenants/{tenantId}/teams — create a team. */
export const handler = httpRoute(TENANCY_ROUTES.createTeam, tenancyServices, ({ services, principal, params, body }) =>
  services.teamsAndRoles.createTeam(principal, params.tenantId, body),
);
