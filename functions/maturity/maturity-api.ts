import { MATURITY_ROUTES as ROUTES } from '../../shared/manifest/routes/maturity-routes';
import { maturityServices } from '../_lib/compose/maturity';
import { HttpResult, httpRoute } from '../_lib/http-route';
import { dispatchByRoute } from '../_lib/route-dispatch';

/** GET .../maturity (?history=true), GET .../maturity/report (?format=html|markdown), GET /v1/maturity. */
export const handler = dispatchByRoute([
  [
    ROUTES.getMaturity,
    httpRoute(ROUTES.getMaturity, maturityServices, ({ services, principal, params, query }) =>
      services.maturity.assessTenant(principal, params.tenantId, query),
    ),
  ],
  [
    ROUTES.getMaturityReport,
    httpRoute(ROUTES.getMaturityReport, maturityServices, async ({ services, principal, params, query }) => {
      const report = await services.maturity.report(principal, params.tenantId, query.format);
      return HttpResult.text(200, report.body, report.contentType);
    }),
  ],
  [
    ROUTES.platformMaturity,
    httpRoute(ROUTES.platformMaturity, maturityServices, ({ services, principal, query }) => services.maturity.platform(principal, query)),
  ],
]);
