/**
 * ApprovalStore in memory, with the DynamoDB adapter's observable behaviour
 * (shared/adapters/dynamodb/dynamodb-approval-store.ts): one open approval per (agent, request),
 * which a second ask joins; approvals listed by status in id order (or newest first, down to an
 * id); a save only from the version read and, with a guard, only while the agent is at the version checked (ConflictError
 * `version_conflict`); settling closes the (agent, request) for new asks; a grant written with its
 * approval bumps the tenant's epoch, as does a revocation; task tokens only while pending (each
 * one a new version); a change record in the audit log with every change. Grants past their
 * expiry stay until deleted (the adapter leaves them to DynamoDB's TTL).
 */
import { ConflictError } from '../../../shared/kernel/errors';
import type { Approval } from '../../../shared/approvals/approval';
import type { ApprovalStore } from '../../../shared/approvals/approval-store';
import type { AccessRequest, Grant } from '../../../shared/approvals/grant';
import { auditAbsent, bumpEpoch, type InMemoryTables, pageOf, putAudit, readBack, stored, tenantKey, transact } from './in-memory-tables';

/** Creates an ApprovalStore over `tables` (agents, tenant epochs and the audit log are shared with the other stores). */
export function createInMemoryApprovalStore(tables: InMemoryTables): ApprovalStore {
  const approvals = new Map<string, Approval>();
  /** The open approval's id by `<tenantId>#<requestKey>`. */
  const open = new Map<string, string>();
  const grants = new Map<string, Grant>();
  const accessRequests = new Map<string, AccessRequest>();

  const ofTenant = <T>(map: Map<string, T>, tenantId: string) =>
    [...map.entries()].filter(([key]) => key.startsWith(`${tenantId}#`)).map(([, value]) => value);

  return {
    async openOrJoin(approval, change) {
      const pointer = tenantKey(approval.tenantId, approval.requestKey);
      const openId = open.get(pointer);
      const existing = openId === undefined ? undefined : approvals.get(tenantKey(approval.tenantId, openId));
      if (existing) return { approval: readBack(existing), created: false };
      transact(
        [!approvals.has(tenantKey(approval.tenantId, approval.id)), auditAbsent(tables, [change])],
        () => new ConflictError('An approval for this request is open', 'approval_open'),
        [
          () => open.set(pointer, approval.id),
          () => approvals.set(tenantKey(approval.tenantId, approval.id), stored(approval)),
          () => putAudit(tables, change),
        ],
      );
      return { approval: readBack(approval), created: true };
    },

    async getApproval(tenantId, approvalId) {
      const approval = approvals.get(tenantKey(tenantId, approvalId));
      return approval && readBack(approval);
    },

    async listApprovals(tenantId, status, page) {
      return pageOf(
        ofTenant(approvals, tenantId).filter((approval) => approval.status === status),
        (approval) => approval.id,
        page,
      );
    },

    async listRecentApprovals(tenantId, status, page) {
      const { since } = page;
      return pageOf(
        ofTenant(approvals, tenantId).filter((approval) => approval.status === status && (since === undefined || approval.id >= since)),
        (approval) => approval.id,
        { limit: page.limit },
        'descending',
      );
    },

    async saveApproval(next, expectedVersion, changes, grant, agentGuard) {
      const key = tenantKey(next.tenantId, next.id);
      const guarded =
        agentGuard === undefined || tables.agents.get(tenantKey(next.tenantId, agentGuard.agentId))?.version === agentGuard.agentVersion;
      transact(
        [approvals.get(key)?.version === expectedVersion, guarded, auditAbsent(tables, changes)],
        () => new ConflictError(`Approval ${next.id} was changed meanwhile`, 'version_conflict'),
        [
          () => approvals.set(key, stored(next)),
          () => (next.status === 'pending' ? undefined : open.delete(tenantKey(next.tenantId, next.requestKey))),
          () => {
            if (!grant) return;
            grants.set(tenantKey(grant.tenantId, grant.id), stored(grant));
            bumpEpoch(tables, next.tenantId);
          },
          () => changes.forEach((change) => putAudit(tables, change)),
        ],
      );
    },

    async getAgentOwnership(tenantId, agentId) {
      const agent = tables.agents.get(tenantKey(tenantId, agentId));
      if (!agent) return undefined;
      const { owner, ownerHistory, createdAt, createdBy, version } = agent;
      return readBack({ owner, ownerHistory, createdAt, createdBy, version });
    },

    async setTaskToken(tenantId, approvalId, taskToken) {
      const key = tenantKey(tenantId, approvalId);
      const approval = approvals.get(key);
      if (approval?.status !== 'pending') return false;
      approvals.set(key, { ...approval, taskToken, version: approval.version + 1 });
      return true;
    },

    async setExecution(tenantId, approvalId, executionArn) {
      const key = tenantKey(tenantId, approvalId);
      const approval = approvals.get(key);
      // The adapter lets DynamoDB's ConditionalCheckFailedException through here.
      if (!approval) throw new Error(`No approval ${approvalId} to record an execution on`);
      approvals.set(key, { ...approval, executionArn });
    },

    async grantsOf(tenantId, agentId) {
      return pageOf(
        ofTenant(grants, tenantId).filter((grant) => grant.agentId === agentId),
        (grant) => grant.id,
        { limit: Number.MAX_SAFE_INTEGER },
      ).items.slice();
    },

    async listGrants(tenantId, page) {
      return pageOf(ofTenant(grants, tenantId), (grant) => grant.id, page);
    },

    async getGrant(tenantId, grantId) {
      const grant = grants.get(tenantKey(tenantId, grantId));
      return grant && readBack(grant);
    },

    async revokeGrant(grant, change) {
      const key = tenantKey(grant.tenantId, grant.id);
      if (grants.get(key)?.agentId !== grant.agentId || !auditAbsent(tables, [change])) return false;
      grants.delete(key);
      bumpEpoch(tables, grant.tenantId);
      putAudit(tables, change);
      return true;
    },

    async putAccessRequest(request, change) {
      const key = tenantKey(request.tenantId, request.id);
      transact([!accessRequests.has(key), auditAbsent(tables, [change])], () => new Error(`Access request ${request.id} exists`), [
        () => accessRequests.set(key, stored(request)),
        () => putAudit(tables, change),
      ]);
    },

    async getAccessRequest(tenantId, id) {
      const request = accessRequests.get(tenantKey(tenantId, id));
      return request && readBack(request);
    },
  };
}
