/**
 * The approvals use cases, each part a module of one purpose over one shared context: opening (or
 * joining) an approval, the state machine's steps, deciding, grants, access requests and what
 * happens when an agent leaves. Every transition is one transaction with its change record, whose
 * event reaches the bus from the audit stream.
 */
import { createAccessRequests } from './access-requests';
import { createAgentDeparture } from './agent-departure';
import { type ApprovalsDeps, createApprovalContext } from './approval-context';
import { createApprovalDecisions } from './deciding-approvals';
import { createGrantManagement } from './grant-management';
import { createApprovalOpening } from './opening-approvals';
import { createWorkflowSteps } from './workflow-steps';

export type { ApprovalAgent, ApprovalsDeps, EvaluateRequest, OpenApprovalInput } from './approval-context';

export function createApprovals(deps: ApprovalsDeps) {
  const context = createApprovalContext(deps);
  const open = createApprovalOpening(context);
  return {
    open,
    ...createWorkflowSteps(context),
    ...createApprovalDecisions(context),
    ...createGrantManagement(context),
    ...createAgentDeparture(context),
    ...createAccessRequests(context, open),
  };
}
export type Approvals = ReturnType<typeof createApprovals>;
