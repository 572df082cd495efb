import { APPROVAL_ROUTES } from '../../shared/manifest/routes/approval-routes';
import { approvalServices } from '../_lib/compose/approvals';
import { httpRoute } from '../_lib/http-route';
import { dispatchByRoute } from '../_lib/route-dispatch';

/** GET .../approvals, GET .../approvals/{id}, POST .../approvals/{id}/approve | /reject — the approvers' side. */
export const handler = dispatchByRoute([
  [
    APPROVAL_ROUTES.listApprovals,
    httpRoute(APPROVAL_ROUTES.listApprovals, approvalServices, async ({ services, principal, params, query }) =>
      services.approvals.list(principal, params.tenantId, query),
    ),
  ],
  [
    APPROVAL_ROUTES.getApproval,
    httpRoute(APPROVAL_ROUTES.getApproval, approvalServices, async ({ services, principal, params }) =>
      services.approvals.get(principal, params.tenantId, params.approvalId),
    ),
  ],
  [
    APPROVAL_ROUTES.approve,
    httpRoute(APPROVAL_ROUTES.approve, approvalServices, async ({ services, principal, params, body }) =>
      services.approvals.approve(principal, params.tenantId, params.approvalId, body.comment),
    ),
  ],
  [
    APPROVAL_ROUTES.reject,
    httpRoute(APPROVAL_ROUTES.reject, approvalServices, async ({ services, principal, params, body }) =>
      services.approvals.reject(principal, params.tenantId, params.approvalId, body.comment),
    ),
  ],
]);
