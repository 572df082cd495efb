import { ROUTES } from '../../shared/manifest/routes';
import { httpRoute } from '../_lib/http-route';
import { dispatchByRoute } from '../_lib/route-dispatch';

/** PUT and GET /v1/price-plans/{tier}, GET .../versions — what each tenant tier pays, and paid before. */
export const handler = dispatchByRoute([
  [ROUTES.putPricePlan, httpRoute(ROUTES.putPricePlan, async ({ services, principal, params, body }) => services.billing.putPricePlan(principal, params.tier, body))],
  [ROUTES.getPricePlan, httpRoute(ROUTES.getPricePlan, async ({ services, principal, params }) => services.billing.getPricePlan(principal, params.tier))],
  [ROUTES.listPricePlanVersions, httpRoute(ROUTES.listPricePlanVersions, async ({ services, principal, params, query }) => services.billing.listPricePlanVersions(principal, params.tier, query))],
]);
