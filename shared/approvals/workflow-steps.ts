/**
 * The approval state machine's three idempotent steps: where the approval stands (a re-run
 * execution starts here), remembering the task token a decision answers, and the timeout — the
 * first escalates one level, the second expires.
 */
import { domainEvent } from '../events/catalog';
import { isoAt } from '../kernel/clock';
import { type Approval, awaitingLevel } from './approval';
import { type ApprovalContext, WORKFLOW_ACTOR } from './approval-context';
import type { WorkflowState } from './approval-workflow';

/** A timeout that fires this much before its deadline is early (a re-run execution); it waits again. */
const EARLY_TOLERANCE_MS = 1000;

export function createWorkflowSteps(context: ApprovalContext) {
  const { store, clock } = context.deps;
  return {
    /** Workflow step "state": where the approval stands (idempotent; a re-run execution starts here). */
    async stepState(tenantId: string, approvalId: string): Promise<WorkflowState> {
      return context.stateOf(await context.load(tenantId, approvalId));
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
      const timeoutMs = await context.levelTimeoutMs(tenantId);
      const { approval } = await context.transition(tenantId, approvalId, (current) => {
        const nowMs = clock.nowMs();
        if (current.status !== 'pending' || nowMs < Date.parse(current.deadlineAt) - EARLY_TOLERANCE_MS) return undefined;
        const at = isoAt(nowMs);
        const { taskToken: _token, ...rest } = current;
        if (!current.escalated) {
          const next: Approval = {
            ...rest,
            escalated: true,
            deadlineAt: isoAt(nowMs + timeoutMs),
            updatedAt: at,
            version: current.version + 1,
          };
          const event = domainEvent('Approval.Escalated', {
            tenantId,
            approvalId,
            agentId: current.agent.id,
            from: awaitingLevel(current),
            to: awaitingLevel(next),
          });
          return { next, changes: [context.change(next, WORKFLOW_ACTOR, 'approval.escalated', event)] };
        }
        const next: Approval = { ...rest, status: 'expired', decidedAt: at, updatedAt: at, version: current.version + 1 };
        return {
          next,
          changes: [
            context.change(
              next,
              WORKFLOW_ACTOR,
              'approval.expired',
              domainEvent('Approval.Expired', { tenantId, approvalId, agentId: current.agent.id }),
            ),
          ],
        };
      });
      return context.stateOf(approval);
    },
  };
}
