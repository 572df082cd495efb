import { ROUTES } from '../../shared/manifest/routes';
import { httpRoute } from '../_lib/http-route';
import { dispatchByRoute } from '../_lib/route-dispatch';

/** GET .../grants and DELETE .../grants/{grantId} — live grants, and revoking one at once. */
export const handler = dispatchByRoute([
  [ROUTES.listGrants, httpRoute(ROUTES.listGrants, async ({ services, principal, params, query }) => services.approvals.listGrants(principal, params.tenantId, query))],
  [
    ROUTES.revokeGrant,
    httpRoute(ROUTES.revokeGrant, async ({ services, principal, params }) => {
      await services.approvals.revokeGrant(principal, params.tenantId, params.grantId);
      return undefined;
    }),
  ],
]);
