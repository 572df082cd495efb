import { ROUTES } from '../../shared/manifest/routes';
import { httpRoute } from '../_lib/http-route';

/** GET /v1/tenants — list tenants. */
export const handler = httpRoute(ROUTES.listTenants, ({ services, principal, query }) => services.tenants.list(principal, query));
