import { ROUTES } from '../../shared/manifest/routes';
import { httpRoute } from '../_lib/http-route';

/** GET /v1/tenants/{tenantId}/roles — list agent roles. */
export const handler = httpRoute(ROUTES.listRoles, ({ services, principal, params, query }) =>
  services.teamsAndRoles.listRoles(principal, params.tenantId, query),
);
