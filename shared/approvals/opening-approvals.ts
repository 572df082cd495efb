/**
 * Opening an approval for a `require_approval` answer or an access request: one per (agent,
 * request) while it is pending — a second ask joins it — with its workflow running when this
 * returns.
 */
import { domainEvent } from '../events/catalog';
import { isoAt } from '../kernel/clock';
import { type Approval, approvalView, awaitingLevel, requestKeyOf, requiredApprovalsFor } from './approval';
import type { ApprovalContext, OpenApprovalInput } from './approval-context';
import { grantMinutesFor } from './grant';

/** How long an approval may be without a workflow before a joining ask starts one (starts are idempotent by name). */
const START_GRACE_MS = 30_000;

export function createApprovalOpening(context: ApprovalContext) {
  const { store, clock, ids } = context.deps;

  /** Opens an approval for (agent, request), or joins the open one; its workflow is running when this returns. */
  return async function open(input: OpenApprovalInput): Promise<Approval> {
    const { tenant, agent, request, decision, origin } = input;
    const nowMs = clock.nowMs();
    const risk = decision.risk ?? 'low';
    const draft: Approval = {
      id: ids.next('apr'),
      tenantId: tenant.id,
      agent,
      request: {
        action: request.action,
        ...(request.tool ? { tool: request.tool } : {}),
        ...(request.resource ? { resource: request.resource } : {}),
      },
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
      deadlineAt: isoAt(nowMs + (await context.levelTimeoutMs(tenant.id))),
      createdAt: isoAt(nowMs),
      updatedAt: isoAt(nowMs),
      version: 1,
    };
    const requested = context.change(
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
    if (created || nowMs - Date.parse(approval.createdAt) > START_GRACE_MS) await context.ensureWorkflow(approval);
    return approval;
  };
}
