/**
 * The approvers' side: the approvals a person may see and decide, and approving or rejecting. The
 * last approval issues the grant. Who may decide is judged at decision time: the level the
 * approval awaits, and the separation of duties on the agent's owner history — the write is
 * conditioned on the agent's version, so an owner change cannot slip in between.
 */
import type { Actor } from '../audit/change-record';
import type { OperatorPrincipal } from '../auth/principal';
import { domainEvent } from '../events/catalog';
import { isoAt } from '../kernel/clock';
import { ConflictError, ForbiddenError, NotFoundError } from '../kernel/errors';
import { paginate } from '../kernel/paginate';
import { OWNER_WINDOW_DAYS, ownerHistoryOf, type OwnerTerm } from '../tenancy/owner-history';
import { type Approval, approvalView, authorityProblem, awaitingLevel, type ListApprovalsQuery, maySee } from './approval';
import type { ApprovalContext } from './approval-context';
import type { AgentGuard, AgentOwnership } from './approval-store';
import type { Grant } from './grant';
import { separationProblem, tooOldToDecide } from './separation-of-duties';

/**
 * The owner history a decision is judged on: the agent's, read at decision time (none when the
 * agent record is gone: then only the owner the approval recorded when it opened is barred).
 */
const historyOf = (ownership: AgentOwnership | undefined): readonly OwnerTerm[] => (ownership ? ownerHistoryOf(ownership) : []);

const authorityMessages: Record<string, string> = {
  forbidden: 'Not allowed',
  owner_cannot_approve: `The owner of an agent, and anyone who owned it in the ${OWNER_WINDOW_DAYS} days before the approval opened or since, cannot decide its approvals`,
  owner_changer_cannot_approve: `Whoever set the owner of an agent (registering it or changing its owner) in the ${OWNER_WINDOW_DAYS} days before the approval opened or since cannot decide its approvals`,
  beyond_authority: 'This approval awaits a higher level than the caller holds',
  second_approver_must_differ: 'A critical request needs two different approvers',
};

export function createApprovalDecisions(context: ApprovalContext) {
  const { store, clock, ids, cursors } = context.deps;

  const decided = (approval: Approval, actor: Actor, outcome: 'approved' | 'rejected' | 'first_approval', comment: string | undefined) =>
    context.change(
      approval,
      actor,
      `approval.${outcome}`,
      domainEvent('Approval.Decided', {
        tenantId: approval.tenantId,
        approvalId: approval.id,
        agentId: approval.agent.id,
        outcome,
        actor: actor.type === 'operator' ? actor.sub : 'system',
      }),
      comment ? { reason: comment } : {},
    );

  /** Approves or rejects; the last approval issues the grant (and bumps the tenant's epoch). */
  async function decide(
    principal: OperatorPrincipal,
    tenantId: string,
    approvalId: string,
    verdict: 'approve' | 'reject',
    comment: string | undefined,
  ) {
    const timeoutMs = await context.levelTimeoutMs(tenantId);
    const { approval, previous } = await context.transition(tenantId, approvalId, async (current) => {
      if (!maySee(principal, current)) throw new ForbiddenError(authorityMessages.beyond_authority, 'beyond_authority');
      if (current.status !== 'pending') throw new ConflictError(`The approval is ${current.status}`, 'approval_not_pending');
      const ownership = await store.getAgentOwnership(tenantId, current.agent.id);
      const problem = authorityProblem(principal, current) ?? separationProblem(principal.sub, current, historyOf(ownership));
      if (problem) throw new ForbiddenError(authorityMessages[problem] ?? 'Not allowed', problem);
      const nowMs = clock.nowMs();
      if (tooOldToDecide(current, nowMs)) {
        throw new ConflictError(
          `The approval opened more than ${OWNER_WINDOW_DAYS} days ago and can no longer be decided; ask again`,
          'approval_too_old',
        );
      }
      const guard: AgentGuard | undefined = ownership ? { agentId: current.agent.id, agentVersion: ownership.version } : undefined;
      const at = isoAt(nowMs);
      const actor: Actor = { type: 'operator', sub: principal.sub };
      const base = { ...current, updatedAt: at, version: current.version + 1 } as Approval;
      const { taskToken: _token, ...withoutToken } = base;
      if (verdict === 'reject') {
        const next: Approval = {
          ...withoutToken,
          status: 'rejected',
          decidedAt: at,
          decidedBy: principal.sub,
          ...(comment ? { comment } : {}),
        };
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
      const issued = context.change(
        next,
        actor,
        'grant.issued',
        domainEvent('Grant.Issued', {
          tenantId,
          grantId: grant.id,
          approvalId: next.id,
          agentId: grant.agentId,
          action: grant.action,
          expiresAt: grant.expiresAt,
        }),
        { target: { type: 'agent', id: grant.agentId }, after: grant },
      );
      return { next, changes: [decided(next, actor, 'approved', comment), issued], grant, guard };
    });
    await context.notifyWorkflow(previous, approval);
    return approvalView(approval);
  }

  return {
    /**
     * A page of approvals of a status the caller may see (in the order they were opened); pending
     * ones only where the caller may decide now (separation of duties included: the owner
     * histories of the page's agents are read once each).
     */
    async list(principal: OperatorPrincipal, tenantId: string, query: ListApprovalsQuery) {
      const { status, limit, cursor } = query;
      const histories = new Map<string, readonly OwnerTerm[]>();
      const mayDecideNow = (approval: Approval) =>
        authorityProblem(principal, approval) === undefined &&
        separationProblem(principal.sub, approval, histories.get(approval.agent.id) ?? []) === undefined;
      const page = await paginate<Approval>({
        cursors,
        binding: { tenantId, query: 'approvals', filters: { status } },
        request: { limit, cursor },
        positionOf: (approval) => approval.id,
        fetch: async (storePage) => {
          const found = await store.listApprovals(tenantId, status, storePage);
          if (status === 'pending') {
            const decidable = found.items.filter(
              (approval) => maySee(principal, approval) && authorityProblem(principal, approval) === undefined,
            );
            const agentIds = [...new Set(decidable.map((approval) => approval.agent.id))].filter((agentId) => !histories.has(agentId));
            const owned = await Promise.all(
              agentIds.map(async (agentId) => [agentId, historyOf(await store.getAgentOwnership(tenantId, agentId))] as const),
            );
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

    approve: (principal: OperatorPrincipal, tenantId: string, approvalId: string, comment?: string) =>
      decide(principal, tenantId, approvalId, 'approve', comment),
    reject: (principal: OperatorPrincipal, tenantId: string, approvalId: string, comment?: string) =>
      decide(principal, tenantId, approvalId, 'reject', comment),
  };
}
