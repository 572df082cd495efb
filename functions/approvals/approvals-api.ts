import { ROUTES } from '../../shared/manifest/routes';
import { httpRoute } from '../_lib/http-route';
import { dispatchByRoute } from '../_lib/route-dispatch';

/** GET .../approvals, GET .../approvals/{id}, POST .../approvals/{id}/approve | /reject — the approvers' side. */
export const handler = dispatchByRoute([
  [ROUTES.listApprovals, httpRoute(ROUTES.listApprovals, async ({ services, principal, params, query }) => services.approvals.list(principal, params.tenantId, query))],
  [ROUTES.getApproval, httpRoute(ROUTES.getApproval, async ({ services, principal, params }) => services.approvals.get(principal, params.tenantId, params.approvalId))],
  [
    ROUTES.approve,
    httpRoute(ROUTES.approve, async ({ services, principal, params, body }) => services.approvals.approve(principal, params.tenantId, params.approvalId, body.comment)),
  ],
  [
    ROUTES.reject,
    httpRoute(ROUTES.reject, async ({ services, principal, params, body }) => services.approvals.reject(principal, params.tenantId, params.approvalId, body.comment)),
  ],
]);
