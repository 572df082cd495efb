import { ROUTES } from '../../shared/manifest/routes';
import { httpRoute } from '../_lib/http-route';

/** GET /v1/tenants/{tenantId}/teams — list teams. */
export const handler = httpRoute(ROUTES.listTeams, ({ services, principal, params, query }) =>
  services.teamsAndRoles.listTeams(principal, params.tenantId, query),
);
