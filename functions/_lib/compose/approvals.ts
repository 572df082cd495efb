/**
 * Approvals and grants. The Step Functions client (and its adapter) is loaded on the first call
 * that starts, answers or stops a workflow, not when a function starts: most decisions never
 * need one.
 */
import { createDynamoDbApprovalStore } from '../../../shared/adapters/dynamodb/dynamodb-approval-store';
import { CLIENT_TIMEOUTS } from '../../../shared/adapters/client-timeouts';
import type { ApprovalWorkflow } from '../../../shared/approvals/approval-workflow';
import { createApprovals } from '../../../shared/approvals/approvals';
import { config } from '../config';
import { tableClients, tables } from './dynamodb';
import { clock, ids } from './kernel';
import { cursors } from './cursors';
import { once, onceAsync } from './once';
import { tenantStates } from './tenancy-store';

/** Approvals, grants and access requests. */
export const approvalStore = once(() => createDynamoDbApprovalStore(tableClients(), tables()));

/** The Step Functions workflow of `stateMachineArn`, its client and adapter loaded on first use. */
function stepFunctionsWorkflow(stateMachineArn: string): ApprovalWorkflow {
  const workflow = onceAsync(async () => {
    const [{ createSfnClient }, { createSfnApprovalWorkflow }] = await Promise.all([
      import('../../../shared/adapters/sfn/sfn-client'),
      import('../../../shared/adapters/sfn/sfn-approval-workflow'),
    ]);
    return createSfnApprovalWorkflow(createSfnClient({ ...CLIENT_TIMEOUTS }), stateMachineArn);
  });
  return {
    start: async (input) => (await workflow()).start(input),
    complete: async (taskToken, state) => (await workflow()).complete(taskToken, state),
    stop: async (executionArn, cause) => (await workflow()).stop(executionArn, cause),
  };
}

/** The approval workflow; a function without the state machine's ARN in its environment may not use it. */
function approvalWorkflow(stateMachineArn: string | undefined): ApprovalWorkflow {
  if (stateMachineArn) return stepFunctionsWorkflow(stateMachineArn);
  const missing = async (): Promise<never> => {
    throw new Error('WARDEN_STATE_MACHINE_APPROVAL is not set for this function (see its `workflows` in the manifest)');
  };
  return { start: missing, complete: missing, stop: missing };
}

/** The approvals use cases. */
export const approvals = onceAsync(async () => {
  const settings = config();
  return createApprovals({
    store: approvalStore(),
    workflow: approvalWorkflow(settings.approvalStateMachineArn),
    tenants: tenantStates(),
    clock: clock(),
    ids: ids(),
    timeoutSecondsPerMinute: settings.approvalSecondsPerMinute,
    cursors: await cursors(),
  });
});

/** What the approval and grant routes use. */
export const approvalServices = onceAsync(async () => ({ tenantStates: tenantStates(), approvals: await approvals() }));
