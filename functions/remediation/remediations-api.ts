import { REMEDIATION_ROUTES as ROUTES } from '../../shared/manifest/routes/remediation-routes';
import { remediationServices } from '../_lib/compose/remediation';
import { httpRoute } from '../_lib/http-route';
import { dispatchByRoute } from '../_lib/route-dispatch';

/** GET .../remediations, GET .../remediations/{runId}, POST .../approve, .../cancel and .../revert. */
export const handler = dispatchByRoute([
  [
    ROUTES.listRemediations,
    httpRoute(ROUTES.listRemediations, remediationServices, ({ services, principal, params, query }) =>
      services.remediations.list(principal, params.tenantId, query),
    ),
  ],
  [
    ROUTES.getRemediation,
    httpRoute(ROUTES.getRemediation, remediationServices, ({ services, principal, params }) =>
      services.remediations.get(principal, params.tenantId, params.runId),
    ),
  ],
  [
    ROUTES.approveRemediation,
    httpRoute(ROUTES.approveRemediation, remediationServices, ({ services, principal, params }) =>
      services.remediations.approve(principal, params.tenantId, params.runId),
    ),
  ],
  [
    ROUTES.cancelRemediation,
    httpRoute(ROUTES.cancelRemediation, remediationServices, ({ services, principal, params }) =>
      services.remediations.cancel(principal, params.tenantId, params.runId),
    ),
  ],
  [
    ROUTES.revertRemediation,
    httpRoute(ROUTES.revertRemediation, remediationServices, ({ services, principal, params }) =>
      services.remediations.revert(principal, params.tenantId, params.runId),
    ),
  ],
]);
