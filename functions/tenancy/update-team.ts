import { TENANCY_ROUTES } from '../../shared/manifest/routes/tenancy-routes';
import { tenancyServices } from '../_lib/compose/tenancy';
import { httpRoute } from '../_lib/http-route';

/** PATCH /v1/tenants/{tenantId}/teams/{team} — change a team's description or quotas. */
export const handler = httpRoute(TENANCY_ROUTES.updateTeam, tenancyServices, ({ services, principal, params, body }) =>
  services.teamsAndRoles.updateTeam(principal, params.tenantId, params.team, body),
);
