/**
 * What every part of the approvals use cases shares: the dependencies, the change record of a
 * transition, where an approval stands for its workflow, and saving a transition (retried on a
 * concurrent change), telling a waiting workflow, revoking a grant.
 */
import type { Actor, ChangeRecord } from '../audit/change-record';
import type { AgentPrincipal } from '../auth/principal';
import { type DomainEvent, domainEvent } from '../events/catalog';
import { type Clock, isoAt } from '../kernel/clock';
import { ConflictError, NotFoundError } from '../kernel/errors';
import type { IdGenerator } from '../kernel/ids';
import type { PageCursorCodec } from '../kernel/page-cursor';
import { retrying } from '../kernel/retry';
import type { Decision } from '../policy/decide';
import type { Tenant } from '../tenancy/tenant';
import type { Approval, ApprovalRequest } from './approval';
import type { AgentGuard, ApprovalStore } from './approval-store';
import type { ApprovalWorkflow, WorkflowState } from './approval-workflow';
import type { Grant } from './grant';

/** The agent as an approval records it. */
export interface ApprovalAgent {
  readonly id: string;
  readonly name: string;
  readonly team: string;
  readonly role: string;
  readonly environment: string;
  readonly owner: string;
}

/** What the decision path knows when it opens an approval. */
export interface OpenApprovalInput {
  readonly tenant: Tenant;
  readonly agent: ApprovalAgent;
  readonly request: ApprovalRequest;
  readonly decision: Pick<Decision, 'rule' | 'risk' | 'reason' | 'grantMinutes'>;
  readonly origin: Approval['origin'];
  readonly requestedMinutes?: number;
}

/** Decides a request for an agent without recording a decision (access requests ask ahead of time). */
export type EvaluateRequest = (
  principal: AgentPrincipal,
  request: ApprovalRequest,
) => Promise<{ tenant: Tenant; agent: ApprovalAgent; decision: Decision }>;

export interface ApprovalsDeps {
  readonly store: ApprovalStore;
  readonly workflow: ApprovalWorkflow;
  readonly tenants: { get(tenantId: string): Promise<Tenant | undefined> };
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Length of one "minute" of approval timeouts, in seconds: 60, less only to shorten tests. */
  readonly timeoutSecondsPerMinute: number;
  /** Signs the cursors of the approval and grant lists. */
  readonly cursors: PageCursorCodec;
}

/** One transition of an approval, as `transition` saves it. */
export interface Transition {
  readonly next: Approval;
  readonly changes: ChangeRecord[];
  readonly grant?: Grant;
  /** The agent version a decision's separation-of-duties check read. */
  readonly guard?: AgentGuard | undefined;
}

/** The actor of what the workflow and the departure of agents do. */
export const WORKFLOW_ACTOR: Actor = { type: 'system', name: 'approval-workflow' };

/** Attempts to save a transition that keeps meeting concurrent changes. */
const TRANSITION_ATTEMPTS = 5;

export function createApprovalContext(deps: ApprovalsDeps) {
  const { store, workflow, clock, ids } = deps;

  const change = (
    approval: Pick<Approval, 'tenantId' | 'id'>,
    actor: Actor,
    action: string,
    event: DomainEvent,
    extra: Partial<ChangeRecord> = {},
  ): ChangeRecord => ({
    kind: 'change',
    id: ids.next('aud'),
    tenantId: approval.tenantId,
    at: isoAt(clock.nowMs()),
    actor,
    action,
    target: { type: 'approval', id: approval.id },
    event,
    ...extra,
  });

  /** Where the approval stands, for the state machine. */
  const stateOf = (approval: Approval): WorkflowState =>
    approval.status !== 'pending'
      ? { status: 'settled', timeoutSeconds: 0 }
      : { status: 'pending', timeoutSeconds: Math.max(1, Math.ceil((Date.parse(approval.deadlineAt) - clock.nowMs()) / 1000)) };

  async function load(tenantId: string, approvalId: string): Promise<Approval> {
    const approval = await store.getApproval(tenantId, approvalId);
    if (!approval) throw new NotFoundError('Approval', approvalId);
    return approval;
  }

  return {
    deps,
    change,
    stateOf,
    load,

    /** How long one level of the tenant's approvals waits before it times out (ms). */
    async levelTimeoutMs(tenantId: string): Promise<number> {
      const tenant = await deps.tenants.get(tenantId);
      return (tenant?.settings.approvalTimeoutMinutes ?? 240) * deps.timeoutSecondsPerMinute * 1000;
    },

    /** Starts the workflow of an approval that has none yet (a failed start is retried by the next ask). */
    async ensureWorkflow(approval: Approval): Promise<void> {
      if (approval.executionArn || approval.status !== 'pending') return;
      const executionArn = await workflow.start({ tenantId: approval.tenantId, approvalId: approval.id });
      await store.setExecution(approval.tenantId, approval.id, executionArn);
    },

    /**
     * Saves a transition, retrying on a concurrent change (the await step storing a new token, or
     * a change to the agent a decision's `guard` read).
     */
    async transition(
      tenantId: string,
      approvalId: string,
      apply: (current: Approval) => Transition | undefined | Promise<Transition | undefined>,
    ): Promise<{ approval: Approval; previous: Approval; changed: boolean }> {
      return retrying(
        async () => {
          const current = await load(tenantId, approvalId);
          const result = await apply(current);
          if (!result) return { approval: current, previous: current, changed: false };
          await store.saveApproval(result.next, current.version, result.changes, result.grant, result.guard);
          return { approval: result.next, previous: current, changed: true };
        },
        { attempts: TRANSITION_ATTEMPTS, retryOn: (error) => error instanceof ConflictError, baseDelayMs: 5 },
      );
    },

    /**
     * Tells a waiting workflow where the approval now stands (nothing waits when no token is stored).
     * The change is already committed: if the workflow cannot be reached now, it finds the settled
     * state itself at its next timeout, so a failure here is not the caller's.
     */
    async notifyWorkflow(previous: Approval, next: Approval): Promise<void> {
      if (previous.taskToken) await workflow.complete(previous.taskToken, stateOf(next)).catch(() => undefined);
    },

    /** Revokes a grant with its change record; false when it was no longer there. */
    revoke(grant: Grant, actor: Actor, because: string): Promise<boolean> {
      return store.revokeGrant(
        grant,
        change(
          { tenantId: grant.tenantId, id: grant.id },
          actor,
          'grant.revoked',
          domainEvent('Grant.Revoked', {
            tenantId: grant.tenantId,
            grantId: grant.id,
            agentId: grant.agentId,
            actor: actor.type === 'operator' ? actor.sub : actor.type === 'system' ? `system:${actor.name}` : 'system',
            because,
          }),
          { target: { type: 'agent', id: grant.agentId }, before: grant, reason: because },
        ),
      );
    },
  };
}
export type ApprovalContext = ReturnType<typeof createApprovalContext>;
