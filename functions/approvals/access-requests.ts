import { APPROVAL_ROUTES } from '../../shared/manifest/routes/approval-routes';
import { decisionServices } from '../_lib/compose/decisions';
import { httpRoute } from '../_lib/http-route';
import { dispatchByRoute } from '../_lib/route-dispatch';

/** POST /v1/access-requests and GET /v1/access-requests/{id} — agents ask for just-in-time access ahead of time. */
export const handler = dispatchByRoute([
  [
    APPROVAL_ROUTES.requestAccess,
    httpRoute(APPROVAL_ROUTES.requestAccess, decisionServices, async ({ services, principal, body }) =>
      services.approvals.requestAccess(principal, body, services.decisions.evaluate),
    ),
  ],
  [
    APPROVAL_ROUTES.getAccessRequest,
    httpRoute(APPROVAL_ROUTES.getAccessRequest, decisionServices, async ({ services, principal, params }) =>
      services.approvals.getAccessRequest(principal, params.accessRequestId),
    ),
  ],
]);
