import type { ExportResult } from '../../shared/billing/billing';
import { ROUTES } from '../../shared/manifest/routes';
import { HttpResult, httpRoute } from '../_lib/http-route';
import { dispatchByRoute } from '../_lib/route-dispatch';

/** An inline export is sent as CSV or JSON text; a large one as a JSON body with its download link. */
const exported = (result: ExportResult) => (result.kind === 'inline' ? HttpResult.text(200, result.body, result.contentType) : { download: result.download });

/** Billing exports (a tenant's and everyone's), closing a month, and reconciliation. */
export const handler = dispatchByRoute([
  [
    ROUTES.tenantBillingExport,
    httpRoute(ROUTES.tenantBillingExport, async ({ services, principal, params, query }) => exported(await services.billing.tenantExport(principal, params.tenantId, query))),
  ],
  [ROUTES.platformBillingExport, httpRoute(ROUTES.platformBillingExport, async ({ services, principal, query }) => exported(await services.billing.platformExport(principal, query)))],
  [ROUTES.closePeriod, httpRoute(ROUTES.closePeriod, async ({ services, principal, params }) => services.billing.closePeriod(principal, params.period))],
  [ROUTES.reconcile, httpRoute(ROUTES.reconcile, async ({ services, principal, params, query }) => services.billing.reconcile(principal, params.tenantId, query.period))],
]);
