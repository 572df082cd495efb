import { ROUTES } from '../../shared/manifest/routes';
import { httpRoute } from '../_lib/http-route';

/** PATCH /v1/tenants/{tenantId}/teams/{team} — change a team's description or quotas. */
export const handler = httpRoute(ROUTES.updateTeam, ({ services, principal, params, body }) =>
  services.teamsAndRoles.updateTeam(principal, params.tenantId, params.team, body),
);
