/**
 * Routes of approvals, just-in-time grants and agents' access requests.
 */
import { PageQuerySchema } from '../../kernel/schemas';
import { ApprovalDecisionSchema, ListApprovalsQuerySchema } from '../../approvals/approval';
import { AccessRequestInputSchema } from '../../approvals/grant';
import type { RouteSpec } from '../route-spec';
import { TENANT_PATH } from './route-parts';

export const APPROVAL_ROUTES = {
  listApprovals: {
    method: 'GET',
    path: `${TENANT_PATH}/approvals`,
    function: 'approvals',
    auth: 'operator',
    permission: 'approval:read',
    tag: 'approvals',
    summary: 'Approvals of a status (default pending); pending ones only where the caller may decide now',
    query: ListApprovalsQuerySchema,
  },
  getApproval: {
    method: 'GET',
    path: `${TENANT_PATH}/approvals/{approvalId}`,
    function: 'approvals',
    auth: 'operator',
    permission: 'approval:read',
    tag: 'approvals',
    summary: 'One approval: its request, risk, level awaited, approvals so far and grant',
  },
  approve: {
    method: 'POST',
    path: `${TENANT_PATH}/approvals/{approvalId}/approve`,
    function: 'approvals',
    auth: 'operator',
    permission: 'approval:decide',
    tag: 'approvals',
    summary:
      "Approve (403 beyond the caller's authority; a critical request needs two different approvers); the last approval issues the grant",
    body: ApprovalDecisionSchema,
  },
  reject: {
    method: 'POST',
    path: `${TENANT_PATH}/approvals/{approvalId}/reject`,
    function: 'approvals',
    auth: 'operator',
    permission: 'approval:decide',
    tag: 'approvals',
    summary: 'Reject, with a comment',
    body: ApprovalDecisionSchema,
  },
  listGrants: {
    method: 'GET',
    path: `${TENANT_PATH}/grants`,
    function: 'grants',
    auth: 'operator',
    permission: 'grant:read',
    tag: 'approvals',
    summary: 'Live just-in-time grants',
    query: PageQuerySchema,
  },
  revokeGrant: {
    method: 'DELETE',
    path: `${TENANT_PATH}/grants/{grantId}`,
    function: 'grants',
    auth: 'operator',
    permission: 'grant:revoke',
    tag: 'approvals',
    summary: 'Revoke a grant at once',
    successStatus: 204,
  },
  requestAccess: {
    method: 'POST',
    path: '/v1/access-requests',
    function: 'access-requests',
    auth: 'agent',
    tag: 'agent API',
    summary: 'Ask ahead of time: not_required when policy allows, denied (with the rule) when it denies, otherwise an approval',
    body: AccessRequestInputSchema,
    successStatus: 201,
  },
  getAccessRequest: {
    method: 'GET',
    path: '/v1/access-requests/{accessRequestId}',
    function: 'access-requests',
    auth: 'agent',
    tag: 'agent API',
    summary: "One of the caller's access requests: its state and grant",
  },
} as const satisfies Record<string, RouteSpec>;
