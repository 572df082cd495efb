import { ROUTES } from '../../shared/manifest/routes';
import { httpRoute } from '../_lib/http-route';

/** POST /v1/tenants/{tenantId}/teams — create a team. */
export const handler = httpRoute(ROUTES.createTeam, ({ services, principal, params, body }) =>
  services.teamsAndRoles.createTeam(principal, params.tenantId, body),
);
