import type { ExportResult } from '../../shared/billing/billing';
import { BILLING_ROUTES } from '../../shared/manifest/routes/billing-routes';
import { billingServices } from '../_lib/compose/billing';
import { HttpResult, httpRoute } from '../_lib/http-route';
import { dispatchByRoute } from '../_lib/route-dispatch';

/** An inline export is sent as CSV or JSON text; a large one as a JSON body with its download link. */
const exported = (result: ExportResult) =>
  result.kind === 'inline' ? HttpResult.text(200, result.body, result.contentType) : { download: result.download };

/** Billing exports (a tenant's and everyone's), closing a month, and reconciliation. */
export const handler = dispatchByRoute([
  [
    BILLING_ROUTES.tenantBillingExport,
    httpRoute(BILLING_ROUTES.tenantBillingExport, billingServices, async ({ services, principal, params, query }) =>
      exported(await services.billing.tenantExport(principal, params.tenantId, query)),
    ),
  ],
  [
    BILLING_ROUTES.platformBillingExport,
    httpRoute(BILLING_ROUTES.platformBillingExport, billingServices, async ({ services, principal, query }) =>
      exported(await services.billing.platformExport(principal, query)),
    ),
  ],
  [
    BILLING_ROUTES.closePeriod,
    httpRoute(BILLING_ROUTES.closePeriod, billingServices, async ({ services, principal, params }) =>
      services.billing.closePeriod(principal, params.period),
    ),
  ],
  [
    BILLING_ROUTES.reconcile,
    httpRoute(BILLING_ROUTES.reconcile, billingServices, async ({ services, principal, params, query }) =>
      services.billing.reconcile(principal, params.tenantId, query.period),
    ),
  ],
]);
