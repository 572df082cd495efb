import { ROUTES } from '../../shared/manifest/routes';
import { httpRoute } from '../_lib/http-route';
import { dispatchByRoute } from '../_lib/route-dispatch';

/** POST /v1/access-requests and GET /v1/access-requests/{id} — agents ask for just-in-time access ahead of time. */
export const handler = dispatchByRoute([
  [
    ROUTES.requestAccess,
    httpRoute(ROUTES.requestAccess, async ({ services, principal, body }) => services.approvals.requestAccess(principal, body, services.decisions.evaluate)),
  ],
  [ROUTES.getAccessRequest, httpRoute(ROUTES.getAccessRequest, async ({ services, principal, params }) => services.approvals.getAccessRequest(principal, params.accessRequestId))],
]);
