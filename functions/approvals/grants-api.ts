import { APPROVAL_ROUTES } from '../../shared/manifest/routes/approval-routes';
import { approvalServices } from '../_lib/compose/approvals';
import { httpRoute } from '../_lib/http-route';
import { dispatchByRoute } from '../_lib/route-dispatch';

/** GET .../grants and DELETE .../grants/{grantId} — live grants, and revoking one at once. */
export const handler = dispatchByRoute([
  [
    APPROVAL_ROUTES.listGrants,
    httpRoute(APPROVAL_ROUTES.listGrants, approvalServices, async ({ services, principal, params, query }) =>
      services.approvals.listGrants(principal, params.tenantId, query),
    ),
  ],
  [
    APPROVAL_ROUTES.revokeGrant,
    httpRoute(APPROVAL_ROUTES.revokeGrant, approvalServices, async ({ services, principal, params }) => {
      await services.approvals.revokeGrant(principal, params.tenantId, params.grantId);
      return undefined;
    }),
  ],
]);
