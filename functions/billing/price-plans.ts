import { BILLING_ROUTES } from '../../shared/manifest/routes/billing-routes';
import { billingServices } from '../_lib/compose/billing';
import { httpRoute } from '../_lib/http-route';
import { dispatchByRoute } from '../_lib/route-dispatch';

/** PUT and GET /v1/price-plans/{tier}, GET .../versions — what each tenant tier pays, and paid before. */
export const handler = dispatchByRoute([
  [
    BILLING_ROUTES.putPricePlan,
    httpRoute(BILLING_ROUTES.putPricePlan, billingServices, async ({ services, principal, params, body }) =>
      services.billing.putPricePlan(principal, params.tier, body),
    ),
  ],
  [
    BILLING_ROUTES.getPricePlan,
    httpRoute(BILLING_ROUTES.getPricePlan, billingServices, async ({ services, principal, params }) =>
      services.billing.getPricePlan(principal, params.tier),
    ),
  ],
  [
    BILLING_ROUTES.listPricePlanVersions,
    httpRoute(BILLING_ROUTES.listPricePlanVersions, billingServices, async ({ services, principal, params, query }) =>
      services.billing.listPricePlanVersions(principal, params.tier, query),
    ),
  ],
]);
