/**
 * Access requests (`POST /v1/access-requests`): an agent asks ahead of time — `not_required` when
 * policy already allows, `denied` (with the rule) when it denies, otherwise an approval opened (or
 * joined) whose grant lasts the shorter of the rule's and the asked minutes.
 */
import type { AgentPrincipal } from '../auth/principal';
import { domainEvent } from '../events/catalog';
import { isoAt } from '../kernel/clock';
import { NotFoundError } from '../kernel/errors';
import type { Approval, ApprovalRequest } from './approval';
import type { ApprovalContext, EvaluateRequest, OpenApprovalInput } from './approval-context';
import type { AccessRequest, AccessRequestInput } from './grant';

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

export function createAccessRequests(context: ApprovalContext, open: (input: OpenApprovalInput) => Promise<Approval>) {
  const { store, clock, ids } = context.deps;
  return {
    async requestAccess(principal: AgentPrincipal, input: AccessRequestInput, evaluate: EvaluateRequest) {
      const request: ApprovalRequest = {
        action: input.action,
        ...(input.tool ? { tool: input.tool } : {}),
        ...(input.resource ? { resource: input.resource } : {}),
      };
      const { tenant, agent, decision } = await evaluate(principal, request);
      const id = ids.next('acr');
      const outcome = decision.effect === 'allow' ? 'not_required' : decision.effect === 'deny' ? 'deny' : 'approval';
      const approval =
        outcome === 'approval'
          ? await open({
              tenant,
              agent,
              request,
              decision,
              origin: { type: 'access_request', accessRequestId: id, justification: input.justification },
              requestedMinutes: input.minutes,
            })
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
