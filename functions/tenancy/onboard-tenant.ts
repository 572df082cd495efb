import { ROUTES } from '../../shared/manifest/routes';
import { httpRoute } from '../_lib/http-route';

/** POST /v1/tenants — onboard a business unit. */
export const handler = httpRoute(ROUTES.onboardTenant, ({ services, principal, body }) => services.tenants.onboard(principal, body));
