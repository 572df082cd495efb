import { ROUTES } from '../../shared/manifest/routes';
import { httpRoute } from '../_lib/http-route';
import { dispatchByRoute } from '../_lib/route-dispatch';

/** PUT and GET /v1/price-plans/{tier} — what each tenant tier pays. */
export const handler = dispatchByRoute([
  [ROUTES.putPricePlan, httpRoute(ROUTES.putPricePlan, async ({ services, principal, params, body }) => services.billing.putPricePlan(principal, params.tier, body))],
  [ROUTES.getPricePlan, httpRoute(ROUTES.getPricePlan, async ({ services, principal, params }) => services.billing.getPricePlan(principal, params.tier))],
]);
