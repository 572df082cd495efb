import { ROUTES } from '../../shared/manifest/routes';
import { httpRoute } from '../_lib/http-route';

/** PATCH /v1/tenants/{tenantId} — change a tenant. */
export const handler = httpRoute(ROUTES.updateTenant, ({ services, principal, params, body }) =>
  services.tenants.update(principal, params.tenantId, body),
);
