import { ROUTES } from '../../shared/manifest/routes';
import { httpRoute } from '../_lib/http-route';

/** GET /v1/tenants/{tenantId} — read a tenant. */
export const handler = httpRoute(ROUTES.getTenant, ({ services, principal, params }) => services.tenants.get(principal, params.tenantId));
