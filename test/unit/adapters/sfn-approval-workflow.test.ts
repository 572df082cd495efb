/**
 * Failure paths of the Step Functions adapter that the local endpoint cannot be made to produce on
 * demand (throttling, a retried start), with aws-sdk-client-mock. The happy path runs for real in
 * the end-to-end tests.
 */
import {
  ExecutionAlreadyExists,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSfnApprovalWorkflow } from '../../../shared/adapters/sfn/sfn-approval-workflow';

const machine = 'arn:aws:states:eu-west-1:123456789012:stateMachine:Approval';
const sfn = mockClient(SFNClient);

describe('The Step Functions approval workflow', () => {
  beforeEach(() => sfn.reset());
  const workflow = () => createSfnApprovalWorkflow(new SFNClient({ region: 'eu-west-1' }), machine);

  it('names the execution after the approval, so a retried start is the same execution', async () => {
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    expect(await workflow().start({ tenantId: 't', approvalId: 'apr_1' })).toBe(
      'arn:aws:states:eu-west-1:123456789012:execution:Approval:apr_1',
    );
    expect(sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input).toMatchObject({
      name: 'apr_1',
      input: JSON.stringify({ tenantId: 't', approvalId: 'apr_1' }),
    });
  });

  it('ignores a task that no longer waits', async () => {
    sfn.on(SendTaskSuccessCommand).rejects(new TaskTimedOut({ message: 'gone', $metadata: {} }));
    await expect(workflow().complete('token', { status: 'settled', timeoutSeconds: 0 })).resolves.toBeUndefined();
  });

  it('reports a throttled service as unavailable (503), never as success', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $fault: 'client' });
    sfn.on(StartExecutionCommand).rejects(throttled);
    sfn.on(StopExecutionCommand).rejects(throttled);
    await expect(workflow().start({ tenantId: 't', approvalId: 'apr_2' })).rejects.toMatchObject({ name: 'DependencyUnavailableError' });
    await expect(workflow().stop('arn:x', 'because')).rejects.toMatchObject({ name: 'DependencyUnavailableError' });
  });
});
