/**
 * The storage port of the approvals area: approvals, the "open approval" of each (agent, request),
 * grants and access requests. Every change is written in one transaction with its change record
 * (which carries its event). The DynamoDB adapter implements it.
 */
import type { ChangeRecord } from '../audit/change-record';
import type { StorePage } from '../kernel/page';
import type { Ownership } from '../tenancy/owner-history';
import type { Approval, ApprovalStatus } from './approval';
import type { AccessRequest, Grant } from './grant';

/** What a decision reads of the approval's agent to check separation of duties, with the agent's version. */
export interface AgentOwnership extends Ownership {
  readonly version: number;
}

export interface ApprovalStore {
  /**
   * Creates `approval` unless an approval for the same agent and request is open; returns the open
   * one (`created: false`) in that case.
   */
  openOrJoin(approval: Approval, change: ChangeRecord): Promise<{ approval: Approval; created: boolean }>;
  getApproval(tenantId: string, approvalId: string): Promise<Approval | undefined>;
  /** Approvals of a status in id order (the order they were opened), after `after`. */
  listApprovals(tenantId: string, status: ApprovalStatus, page: { limit: number; after?: string }): Promise<StorePage<Approval>>;
  /**
   * Approvals of a status newest first (by id), down to the id `since` (inclusive; ids are
   * time-ordered, so `firstIdAt('apr', ms)` means "opened at or after ms"), at most `limit`;
   * `more` when older ones remain. One bounded read for counts over recent approvals (metrics).
   */
  listRecentApprovals(tenantId: string, status: ApprovalStatus, page: { limit: number; since?: string }): Promise<StorePage<Approval>>;
  /**
   * Replaces an approval if its stored version is `expectedVersion` (ConflictError `version_conflict`
   * otherwise). A settled approval closes its (agent, request) for new asks; `grant` is written with
   * it and bumps the tenant's epoch so decisions see it; `agentGuard` conditions the write on the
   * agent's version.
   */
  saveApproval(
    next: Approval,
    expectedVersion: number,
    changes: readonly ChangeRecord[],
    grant?: Grant,
    agentGuard?: AgentGuard,
  ): Promise<void>;
  /** The owner, owner history and version of an agent, strongly consistent; undefined when there is no such agent. */
  getAgentOwnership(tenantId: string, agentId: string): Promise<AgentOwnership | undefined>;
  /** Records the workflow's task token while the approval is pending; false when it no longer is. */
  setTaskToken(tenantId: string, approvalId: string, taskToken: string): Promise<boolean>;
  /** Records the workflow execution of an approval. */
  setExecution(tenantId: string, approvalId: string, executionArn: string): Promise<void>;

  /** The agent's grants that have not been revoked (expired ones included until TTL removes them); strongly consistent. */
  grantsOf(tenantId: string, agentId: string): Promise<Grant[]>;
  /** The tenant's grants in id order, after `after` (expired ones included until TTL removes them). */
  listGrants(tenantId: string, page: { limit: number; after?: string }): Promise<StorePage<Grant>>;
  getGrant(tenantId: string, grantId: string): Promise<Grant | undefined>;
  /** Deletes a grant and bumps the tenant's epoch; false when it was already gone. */
  revokeGrant(grant: Grant, change: ChangeRecord): Promise<boolean>;

  putAccessRequest(request: AccessRequest, change: ChangeRecord): Promise<void>;
  getAccessRequest(tenantId: string, id: string): Promise<AccessRequest | undefined>;
}

/**
 * A decision's condition on the approval's agent: its version is still the one whose owner history
 * was checked (ConflictError `version_conflict` otherwise), so an owner change cannot race a decision.
 */
export interface AgentGuard {
  readonly agentId: string;
  readonly agentVersion: number;
}
