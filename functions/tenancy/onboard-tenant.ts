import { TENANCY_ROUTES } from '../../shared/manifest/routes/tenancy-routes';
import { tenancyServices } from '../_lib/compose/tenancy';
import { httpRoute } from '../_lib/http-route';

/** POST /v1/tenants — onboard a business unit. */
export const handler = httpRoute(TENANCY_ROUTES.onboardTenant, tenancyServices, ({ services, principal, body }) =>
  services.tenants.onboard(principal, body),
);
