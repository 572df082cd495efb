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
/** A pending approval this long past its deadline has lost its workflow (the timeout never came): the hygiene sweep times it out. */
export const STALE_AFTER_MS = 15 * 60_000;
/** Pending approvals of a tenant one stale sweep looks at, at most (documented limit). */
export const MAX_PENDING_SWEPT = 1_000;

export function createWorkflowSteps(context: ApprovalContext) {
  const { store, clock } = context.deps;
  const steps = {
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

    /**
     * The safety net for workflows that died (an execution that failed for good): times out, as
     * the workflow would have, each pending approval of the tenant more than STALE_AFTER_MS past
     * its deadline — the first time escalates, the next expires. A live workflow that wakes later
     * finds the approval moved on and waits or ends. Returns how many it timed out.
     */
    async timeOutStale(tenantId: string): Promise<number> {
      let timedOut = 0;
      let seen = 0;
      let after: string | undefined;
      while (seen < MAX_PENDING_SWEPT) {
        const page = await store.listApprovals(tenantId, 'pending', {
          limit: Math.min(100, MAX_PENDING_SWEPT - seen),
          ...(after ? { after } : {}),
        });
        for (const approval of page.items)
          if (clock.nowMs() > Date.parse(approval.deadlineAt) + STALE_AFTER_MS) {
            await steps.stepTimeout(tenantId, approval.id);
            timedOut++;
          }
        seen += page.items.length;
        const last = page.items[page.items.length - 1];
        if (!page.more || !last) break;
        after = last.id;
      }
      return timedOut;
    },
  };
  return steps;
}
