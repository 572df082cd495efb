/**
 * The approvals use cases: opening (or joining) an approval for a `require_approval` answer or an
 * access request, the state machine's three idempotent steps (state, await, timeout), deciding,
 * grants, and what happens when an agent leaves. Every transition is one transaction with its
 * change record, whose event reaches the bus from the audit stream.
 */
import type { Actor, ChangeRecord } from '../audit/change-record';
import type { AgentPrincipal, OperatorPrincipal } from '../auth/principal';
import type { DomainEvent } from '../events/catalog';
import { domainEvent } from '../events/catalog';
import { type Clock, isoAt } from '../kernel/clock';
import { ConflictError, ForbiddenError, NotFoundError } from '../kernel/errors';
import type { IdGenerator } from '../kernel/ids';
import type { PageRequest } from '../kernel/page';
import type { PageCursorCodec } from '../kernel/page-cursor';
import { paginate, readAll } from '../kernel/paginate';
import type { Decision } from '../policy/decide';
import { OWNER_WINDOW_DAYS, ownerHistoryOf, type OwnerTerm } from '../tenancy/owner-history';
import type { Tenant } from '../tenancy/tenant';
import {
  type Approval,
  type ApprovalRequest,
  approvalView,
  type ListApprovalsQuery,
  authorityProblem,
  awaitingLevel,
  maySee,
  requestKeyOf,
  requiredApprovalsFor,
} from './approval';
import type { AgentGuard, AgentOwnership, ApprovalStore } from './approval-store';
import type { ApprovalWorkflow, WorkflowState } from './approval-workflow';
import { type AccessRequest, type AccessRequestInput, type Grant, grantMinutesFor, isLive } from './grant';
import { separationProblem, tooOldToDecide } from './separation-of-duties';

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
export type EvaluateRequest = (principal: AgentPrincipal, request: ApprovalRequest) => Promise<{ tenant: Tenant; agent: ApprovalAgent; decision: Decision }>;

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
interface Transition {
  readonly next: Approval;
  readonly changes: ChangeRecord[];
  readonly grant?: Grant;
  /** The agent version a decision's separation-of-duties check read. */
  readonly guard?: AgentGuard | undefined;
}

/**
 * The owner history a decision is judged on: the agent's, read at decision time (none when the
 * agent record is gone: then only the owner the approval recorded when it opened is barred).
 */
const historyOf = (ownership: AgentOwnership | undefined): readonly OwnerTerm[] => (ownership ? ownerHistoryOf(ownership) : []);

const WORKFLOW_ACTOR: Actor = { type: 'system', name: 'approval-workflow' };
/** A timeout that fires this much before its deadline is early (a re-run execution); it waits again. */
const EARLY_TOLERANCE_MS = 1000;
/** How long an approval may be without a workflow before a joining ask starts one (starts are idempotent by name). */
const START_GRACE_MS = 30_000;

export function createApprovals(deps: ApprovalsDeps) {
  const { store, workflow, clock, ids } = deps;

  const change = (approval: Pick<Approval, 'tenantId' | 'id'>, actor: Actor, action: string, event: DomainEvent, extra: Partial<ChangeRecord> = {}): ChangeRecord => ({
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

  async function levelTimeoutMs(tenantId: string): Promise<number> {
    const tenant = await deps.tenants.get(tenantId);
    return (tenant?.settings.approvalTimeoutMinutes ?? 240) * deps.timeoutSecondsPerMinute * 1000;
  }

  /** Where the approval stands, for the state machine. */
  function stateOf(approval: Approval): WorkflowState {
    if (approval.status !== 'pending') return { status: 'settled', timeoutSeconds: 0 };
    return { status: 'pending', timeoutSeconds: Math.max(1, Math.ceil((Date.parse(approval.deadlineAt) - clock.nowMs()) / 1000)) };
  }

  async function load(tenantId: string, approvalId: string): Promise<Approval> {
    const approval = await store.getApproval(tenantId, approvalId);
    if (!approval) throw new NotFoundError('Approval', approvalId);
    return approval;
  }

  /** Starts the workflow of an approval that has none yet (a failed start is retried by the next ask). */
  async function ensureWorkflow(approval: Approval): Promise<void> {
    if (approval.executionArn || approval.status !== 'pending') return;
    const executionArn = await workflow.start({ tenantId: approval.tenantId, approvalId: approval.id });
    await store.setExecution(approval.tenantId, approval.id, executionArn);
  }

  /** Opens an approval for (agent, request), or joins the open one; its workflow is running when this returns. */
  async function open(input: OpenApprovalInput): Promise<Approval> {
    const { tenant, agent, request, decision, origin } = input;
    const nowMs = clock.nowMs();
    const risk = decision.risk ?? 'low';
    const draft: Approval = {
      id: ids.next('apr'),
      tenantId: tenant.id,
      agent,
      request: { action: request.action, ...(request.tool ? { tool: request.tool } : {}), ...(request.resource ? { resource: request.resource } : {}) },
      requestKey: requestKeyOf(agent.id, request),
      risk,
      rule: decision.rule ?? { id: 'default', scope: 'default', version: 0 },
      reason: decision.reason,
      grantMinutes: grantMinutesFor(decision.grantMinutes, input.requestedMinutes),
      origin,
      status: 'pending',
      requiredApprovals: requiredApprovalsFor(risk),
      approvals: [],
      escalated: false,
      deadlineAt: isoAt(nowMs + (await levelTimeoutMs(tenant.id))),
      createdAt: isoAt(nowMs),
      updatedAt: isoAt(nowMs),
      version: 1,
    };
    const requested = change(
      draft,
      { type: 'agent', agentId: agent.id },
      'approval.requested',
      domainEvent('Approval.Requested', {
        tenantId: tenant.id,
        approvalId: draft.id,
        agentId: agent.id,
        team: agent.team,
        action: request.action,
        risk,
        awaiting: awaitingLevel(draft),
        origin: origin.type,
      }),
      { after: approvalView(draft) },
    );
    const { approval, created } = await store.openOrJoin(draft, requested);
    // The creator starts the workflow; a later ask starts it only if the creator evidently failed to.
    if (created || nowMs - Date.parse(approval.createdAt) > START_GRACE_MS) await ensureWorkflow(approval);
    return approval;
  }

  /**
   * Saves a transition, retrying on a concurrent change (the await step storing a new token, or
   * a change to the agent a decision's `guard` read).
   */
  async function transition(
    tenantId: string,
    approvalId: string,
    apply: (current: Approval) => Transition | undefined | Promise<Transition | undefined>,
  ): Promise<{ approval: Approval; previous: Approval; changed: boolean }> {
    for (let attempt = 1; ; attempt++) {
      const current = await load(tenantId, approvalId);
      const result = await apply(current);
      if (!result) return { approval: current, previous: current, changed: false };
      try {
        await store.saveApproval(result.next, current.version, result.changes, result.grant, result.guard);
        return { approval: result.next, previous: current, changed: true };
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt >= 5) throw error;
      }
    }
  }

  /**
   * Tells a waiting workflow where the approval now stands (nothing waits when no token is stored).
   * The change is already committed: if the workflow cannot be reached now, it finds the settled
   * state itself at its next timeout, so a failure here is not the caller's.
   */
  async function notifyWorkflow(previous: Approval, next: Approval): Promise<void> {
    if (previous.taskToken) await workflow.complete(previous.taskToken, stateOf(next)).catch(() => undefined);
  }

  /**
   * Approves or rejects. The last approval issues the grant (and bumps the tenant's epoch). Who
   * may decide is judged on the agent's owner history read now, and the write is conditioned on
   * the agent's version, so an owner change cannot slip in between.
   */
  async function decide(principal: OperatorPrincipal, tenantId: string, approvalId: string, verdict: 'approve' | 'reject', comment: string | undefined) {
    const timeoutMs = await levelTimeoutMs(tenantId);
    const { approval, previous } = await transition(tenantId, approvalId, async (current) => {
      if (!maySee(principal, current)) throw new ForbiddenError(authorityMessages.beyond_authority, 'beyond_authority');
      if (current.status !== 'pending') throw new ConflictError(`The approval is ${current.status}`, 'approval_not_pending');
      const ownership = await store.getAgentOwnership(tenantId, current.agent.id);
      const problem = authorityProblem(principal, current) ?? separationProblem(principal.sub, current, historyOf(ownership));
      if (problem) throw new ForbiddenError(authorityMessages[problem] ?? 'Not allowed', problem);
      const nowMs = clock.nowMs();
      if (tooOldToDecide(current, nowMs)) {
        throw new ConflictError(`The approval opened more than ${OWNER_WINDOW_DAYS} days ago and can no longer be decided; ask again`, 'approval_too_old');
      }
      const guard: AgentGuard | undefined = ownership ? { agentId: current.agent.id, agentVersion: ownership.version } : undefined;
      const at = isoAt(nowMs);
      const actor: Actor = { type: 'operator', sub: principal.sub };
      const base = { ...current, updatedAt: at, version: current.version + 1 } as Approval;
      const { taskToken: _token, ...withoutToken } = base;
      if (verdict === 'reject') {
        const next: Approval = { ...withoutToken, status: 'rejected', decidedAt: at, decidedBy: principal.sub, ...(comment ? { comment } : {}) };
        return { next, changes: [decided(next, actor, 'rejected', comment)], guard };
      }
      const approvals = [...current.approvals, { by: principal.sub, level: awaitingLevel(current), at, ...(comment ? { comment } : {}) }];
      if (approvals.length < current.requiredApprovals) {
        // The first of two approvals: the second level gets a fresh timeout.
        const next: Approval = { ...withoutToken, approvals, deadlineAt: isoAt(nowMs + timeoutMs) };
        return { next, changes: [decided(next, actor, 'first_approval', comment)], guard };
      }
      const grant: Grant = {
        id: ids.next('gnt'),
        tenantId,
        agentId: current.agent.id,
        team: current.agent.team,
        ...current.request,
        approvalId: current.id,
        issuedAt: at,
        expiresAt: isoAt(nowMs + current.grantMinutes * 60_000),
        approvedBy: approvals.map((vote) => vote.by),
      };
      const next: Approval = {
        ...withoutToken,
        status: 'approved',
        approvals,
        decidedAt: at,
        decidedBy: principal.sub,
        grant: { id: grant.id, expiresAt: grant.expiresAt },
        ...(comment ? { comment } : {}),
      };
      const issued = change(
        next,
        actor,
        'grant.issued',
        domainEvent('Grant.Issued', { tenantId, grantId: grant.id, approvalId: next.id, agentId: grant.agentId, action: grant.action, expiresAt: grant.expiresAt }),
        { target: { type: 'agent', id: grant.agentId }, after: grant },
      );
      return { next, changes: [decided(next, actor, 'approved', comment), issued], grant, guard };
    });
    await notifyWorkflow(previous, approval);
    return approvalView(approval);
  }

  const decided = (approval: Approval, actor: Actor, outcome: 'approved' | 'rejected' | 'first_approval', comment: string | undefined) =>
    change(
      approval,
      actor,
      `approval.${outcome}`,
      domainEvent('Approval.Decided', { tenantId: approval.tenantId, approvalId: approval.id, agentId: approval.agent.id, outcome, actor: actor.type === 'operator' ? actor.sub : 'system' }),
      comment ? { reason: comment } : {},
    );

  /** Cancels a pending approval (its agent left) and stops its workflow. */
  async function cancel(tenantId: string, approvalId: string, because: string): Promise<void> {
    const { approval, previous, changed } = await transition(tenantId, approvalId, (current) => {
      if (current.status !== 'pending') return undefined;
      const at = isoAt(clock.nowMs());
      const { taskToken: _token, ...rest } = current;
      const next: Approval = { ...rest, status: 'cancelled', decidedAt: at, updatedAt: at, version: current.version + 1, comment: because };
      return {
        next,
        changes: [change(next, WORKFLOW_ACTOR, 'approval.cancelled', domainEvent('Approval.Cancelled', { tenantId, approvalId, agentId: current.agent.id, because }))],
      };
    });
    if (!changed) return;
    if (previous.executionArn) await workflow.stop(previous.executionArn, because).catch(() => notifyWorkflow(previous, approval));
    else await notifyWorkflow(previous, approval);
  }

  async function revoke(grant: Grant, actor: Actor, because: string): Promise<boolean> {
    return store.revokeGrant(
      grant,
      change(
        { tenantId: grant.tenantId, id: grant.id },
        actor,
        'grant.revoked',
        domainEvent('Grant.Revoked', { tenantId: grant.tenantId, grantId: grant.id, agentId: grant.agentId, actor: actor.type === 'operator' ? actor.sub : 'system', because }),
        { target: { type: 'agent', id: grant.agentId }, before: grant, reason: because },
      ),
    );
  }

  return {
    open,

    /** Workflow step "state": where the approval stands (idempotent; a re-run execution starts here). */
    async stepState(tenantId: string, approvalId: string): Promise<WorkflowState> {
      return stateOf(await load(tenantId, approvalId));
    },

    /**
     * Workflow step "await": remembers the task token so a decision can answer it. When the
     * approval is already settled, says so (the machine reads the state again and ends).
     */
    async stepAwait(tenantId: string, approvalId: string, taskToken: string): Promise<{ waiting: boolean }> {
      return { waiting: await store.setTaskToken(tenantId, approvalId, taskToken) };
    },

    /** Workflow step "timeout": the first timeout escalates one level, the second expires. Early or late calls change nothing. */
    async stepTimeout(tenantId: string, approvalId: string): Promise<WorkflowState> {
      const timeoutMs = await levelTimeoutMs(tenantId);
      const { approval } = await transition(tenantId, approvalId, (current) => {
        const nowMs = clock.nowMs();
        if (current.status !== 'pending' || nowMs < Date.parse(current.deadlineAt) - EARLY_TOLERANCE_MS) return undefined;
        const at = isoAt(nowMs);
        const { taskToken: _token, ...rest } = current;
        if (!current.escalated) {
          const next: Approval = { ...rest, escalated: true, deadlineAt: isoAt(nowMs + timeoutMs), updatedAt: at, version: current.version + 1 };
          const event = domainEvent('Approval.Escalated', { tenantId, approvalId, agentId: current.agent.id, from: awaitingLevel(current), to: awaitingLevel(next) });
          return { next, changes: [change(next, WORKFLOW_ACTOR, 'approval.escalated', event)] };
        }
        const next: Approval = { ...rest, status: 'expired', decidedAt: at, updatedAt: at, version: current.version + 1 };
        return { next, changes: [change(next, WORKFLOW_ACTOR, 'approval.expired', domainEvent('Approval.Expired', { tenantId, approvalId, agentId: current.agent.id }))] };
      });
      return stateOf(approval);
    },

    /**
     * A page of approvals of a status the caller may see (in the order they were opened); pending
     * ones only where the caller may decide now (separation of duties included: the owner
     * histories of the page's agents are read once each).
     */
    async list(principal: OperatorPrincipal, tenantId: string, query: ListApprovalsQuery) {
      const { status, limit, cursor } = query;
      const histories = new Map<string, readonly OwnerTerm[]>();
      const mayDecideNow = (approval: Approval) =>
        authorityProblem(principal, approval) === undefined && separationProblem(principal.sub, approval, histories.get(approval.agent.id) ?? []) === undefined;
      const page = await paginate<Approval>({
        cursors: deps.cursors,
        binding: { tenantId, query: 'approvals', filters: { status } },
        request: { limit, cursor },
        positionOf: (approval) => approval.id,
        fetch: async (storePage) => {
          const found = await store.listApprovals(tenantId, status, storePage);
          if (status === 'pending') {
            const decidable = found.items.filter((approval) => maySee(principal, approval) && authorityProblem(principal, approval) === undefined);
            const agentIds = [...new Set(decidable.map((approval) => approval.agent.id))].filter((agentId) => !histories.has(agentId));
            const owned = await Promise.all(agentIds.map(async (agentId) => [agentId, historyOf(await store.getAgentOwnership(tenantId, agentId))] as const));
            for (const [agentId, history] of owned) histories.set(agentId, history);
          }
          return found;
        },
        filter: (approval) => maySee(principal, approval) && (status !== 'pending' || mayDecideNow(approval)),
      });
      return { ...page, items: page.items.map(approvalView) };
    },

    async get(principal: OperatorPrincipal, tenantId: string, approvalId: string) {
      const approval = await store.getApproval(tenantId, approvalId);
      if (!approval || !maySee(principal, approval)) throw new NotFoundError('Approval', approvalId);
      return approvalView(approval);
    },

    approve: (principal: OperatorPrincipal, tenantId: string, approvalId: string, comment?: string) => decide(principal, tenantId, approvalId, 'approve', comment),
    reject: (principal: OperatorPrincipal, tenantId: string, approvalId: string, comment?: string) => decide(principal, tenantId, approvalId, 'reject', comment),

    /** A page of the tenant's live grants (team leads: their teams' agents). */
    async listGrants(principal: OperatorPrincipal, tenantId: string, request: PageRequest) {
      const nowMs = clock.nowMs();
      const seeAll = principal.roles.some((role) => role === 'tenant-admin' || role === 'security' || role === 'auditor');
      return paginate<Grant>({
        cursors: deps.cursors,
        binding: { tenantId, query: 'grants', filters: {} },
        request,
        positionOf: (grant) => grant.id,
        fetch: (page) => store.listGrants(tenantId, page),
        filter: (grant) => isLive(grant, nowMs) && (seeAll || principal.teams.includes(grant.team)),
      });
    },

    /** Revokes a grant at once: the tenant's epoch moves, so no cached decision state still holds it. */
    async revokeGrant(principal: OperatorPrincipal, tenantId: string, grantId: string): Promise<void> {
      const grant = await store.getGrant(tenantId, grantId);
      if (!grant) throw new NotFoundError('Grant', grantId);
      if (!(await revoke(grant, { type: 'operator', sub: principal.sub }, 'revoked'))) throw new NotFoundError('Grant', grantId);
    },

    /** An agent was suspended or decommissioned: its pending approvals are cancelled (workflows stopped) and its grants revoked. */
    async agentLeft(tenantId: string, agentId: string, because: string): Promise<{ cancelled: number; revoked: number }> {
      const allPending = await readAll((page) => store.listApprovals(tenantId, 'pending', page), (approval) => approval.id);
      const pending = allPending.filter((approval) => approval.agent.id === agentId);
      for (const approval of pending) await cancel(tenantId, approval.id, because);
      let revoked = 0;
      for (const grant of await store.grantsOf(tenantId, agentId)) if (await revoke(grant, WORKFLOW_ACTOR, because)) revoked++;
      return { cancelled: pending.length, revoked };
    },

    /** The agent's grants that still allow at `nowMs` (the decision path caches these per tenant epoch). */
    async liveGrants(tenantId: string, agentId: string): Promise<Grant[]> {
      const nowMs = clock.nowMs();
      return (await store.grantsOf(tenantId, agentId)).filter((grant) => isLive(grant, nowMs));
    },

    /**
     * `POST /v1/access-requests`: asks ahead of time. `not_required` when policy already allows,
     * `denied` (with the rule) when it denies, otherwise an approval opened (or joined).
     */
    async requestAccess(principal: AgentPrincipal, input: AccessRequestInput, evaluate: EvaluateRequest) {
      const request: ApprovalRequest = { action: input.action, ...(input.tool ? { tool: input.tool } : {}), ...(input.resource ? { resource: input.resource } : {}) };
      const { tenant, agent, decision } = await evaluate(principal, request);
      const id = ids.next('acr');
      const outcome = decision.effect === 'allow' ? 'not_required' : decision.effect === 'deny' ? 'deny' : 'approval';
      const approval =
        outcome === 'approval'
          ? await open({ tenant, agent, request, decision, origin: { type: 'access_request', accessRequestId: id, justification: input.justification }, requestedMinutes: input.minutes })
          : undefined;
      const record: AccessRequest = {
        id,
        tenantId: tenant.id,
        agentId: agent.id,
        request,
        minutes: input.minutes,
        justification: input.justification,
        outcome: outcome === 'deny' ? 'denied' : outcome,
        ...(decision.rule ? { rule: decision.rule } : {}),
        reason: decision.reason,
        ...(approval ? { approvalId: approval.id } : {}),
        createdAt: isoAt(clock.nowMs()),
      };
      await store.putAccessRequest(record, {
        kind: 'change',
        id: ids.next('aud'),
        tenantId: tenant.id,
        at: record.createdAt,
        actor: { type: 'agent', agentId: agent.id },
        action: 'access_request.created',
        target: { type: 'agent', id: agent.id },
        reason: input.justification,
        after: record,
        event: domainEvent('AccessRequest.Created', {
          tenantId: tenant.id,
          accessRequestId: id,
          agentId: agent.id,
          action: request.action,
          outcome: record.outcome,
          ...(approval ? { approvalId: approval.id } : {}),
        }),
      });
      return accessRequestView(record, approval);
    },

    /** `GET /v1/access-requests/{id}`: the caller's own access request, with its approval's state and grant. */
    async getAccessRequest(principal: AgentPrincipal, id: string) {
      const record = await store.getAccessRequest(principal.tenantId, id);
      if (!record || record.agentId !== principal.agentId) throw new NotFoundError('Access request', id);
      const approval = record.approvalId ? await store.getApproval(record.tenantId, record.approvalId) : undefined;
      return accessRequestView(record, approval);
    },
  };
}

/** An access request as its agent sees it: `status` is its approval's when it has one. */
function accessRequestView(record: AccessRequest, approval: Approval | undefined) {
  return {
    id: record.id,
    status: approval ? approval.status : record.outcome,
    request: record.request,
    minutes: record.minutes,
    justification: record.justification,
    reason: record.reason,
    ...(record.rule ? { rule: record.rule } : {}),
    ...(approval ? { approvalId: approval.id, risk: approval.risk, grantMinutes: approval.grantMinutes } : {}),
    ...(approval?.grant ? { grant: approval.grant } : {}),
    createdAt: record.createdAt,
  };
}

const authorityMessages: Record<string, string> = {
  forbidden: 'Not allowed',
  owner_cannot_approve: `The owner of an agent, and anyone who owned it in the ${OWNER_WINDOW_DAYS} days before the approval opened or since, cannot decide its approvals`,
  owner_changer_cannot_approve: `Whoever changed the owner of an agent in the ${OWNER_WINDOW_DAYS} days before the approval opened or since cannot decide its approvals`,
  beyond_authority: 'This approval awaits a higher level than the caller holds',
  second_approver_must_differ: 'A critical request needs two different approvers',
};

export type Approvals = ReturnType<typeof createApprovals>;
