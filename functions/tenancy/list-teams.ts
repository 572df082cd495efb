import { TENANCY_ROUTES } from '../../shared/manifest/routes/tenancy-routes';
import { tenancyServices } from '../_lib/compose/tenancy';
import { httpRoute } from '../_lib/http-route';

/** GET /v1/tenants/{tenantId}/teams — list teams. */
export const handler = httpRoute(TENANCY_ROUTES.listTeams, tenancyServices, ({ services, principal, params, query }) =>
  services.teamsAndRoles.listTeams(principal, params.tenantId, query),
);
