/**
 * An agent suspended or decommissioned leaves nothing behind: its pending approvals are cancelled
 * (their workflows stopped) and its grants revoked.
 */
import { domainEvent } from '../events/catalog';
import { isoAt } from '../kernel/clock';
import { readAll } from '../kernel/paginate';
import type { Approval } from './approval';
import { type ApprovalContext, WORKFLOW_ACTOR } from './approval-context';

export function createAgentDeparture(context: ApprovalContext) {
  const { store, workflow, clock } = context.deps;

  /** Cancels a pending approval and stops its workflow. */
  async function cancel(tenantId: string, approvalId: string, because: string): Promise<void> {
    const { approval, previous, changed } = await context.transition(tenantId, approvalId, (current) => {
      if (current.status !== 'pending') return undefined;
      const at = isoAt(clock.nowMs());
      const { taskToken: _token, ...rest } = current;
      const next: Approval = { ...rest, status: 'cancelled', decidedAt: at, updatedAt: at, version: current.version + 1, comment: because };
      return {
        next,
        changes: [
          context.change(
            next,
            WORKFLOW_ACTOR,
            'approval.cancelled',
            domainEvent('Approval.Cancelled', { tenantId, approvalId, agentId: current.agent.id, because }),
          ),
        ],
      };
    });
    if (!changed) return;
    if (previous.executionArn) await workflow.stop(previous.executionArn, because).catch(() => context.notifyWorkflow(previous, approval));
    else await context.notifyWorkflow(previous, approval);
  }

  return {
    /** An agent was suspended or decommissioned: its pending approvals are cancelled (workflows stopped) and its grants revoked. */
    async agentLeft(tenantId: string, agentId: string, because: string): Promise<{ cancelled: number; revoked: number }> {
      const allPending = await readAll(
        (page) => store.listApprovals(tenantId, 'pending', page),
        (approval) => approval.id,
      );
      const pending = allPending.filter((approval) => approval.agent.id === agentId);
      for (const approval of pending) await cancel(tenantId, approval.id, because);
      let revoked = 0;
      for (const grant of await store.grantsOf(tenantId, agentId)) if (await context.revoke(grant, WORKFLOW_ACTOR, because)) revoked++;
      return { cancelled: pending.length, revoked };
    },
  };
}
