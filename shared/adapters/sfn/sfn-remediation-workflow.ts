/**
 * The remediation run workflow on Step Functions (the real SDK client; locally the local
 * runtime's endpoint). One execution per run, named by the run id, so starting twice starts once.
 */
import type { SFNClient } from '@aws-sdk/client-sfn';
import { SendTaskSuccessCommand, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { DependencyUnavailableError } from '../../kernel/errors';
import type { RemediationWorkflow } from '../../remediation/remediation-ports';

/** Errors that mean "already so": started before, or no longer waiting or running. */
const ALREADY = new Set(['ExecutionAlreadyExists', 'TaskDoesNotExist', 'TaskTimedOut', 'InvalidToken', 'ExecutionDoesNotExist']);

const nameOf = (error: unknown) => (typeof error === 'object' && error !== null ? String((error as { name?: unknown }).name) : '');

export function createSfnRemediationWorkflow(client: SFNClient, stateMachineArn: string): RemediationWorkflow {
  const executionArnOf = (runId: string) => `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${runId}`;
  async function call(send: () => Promise<unknown>): Promise<void> {
    try {
      await send();
    } catch (error) {
      if (ALREADY.has(nameOf(error))) return;
      throw new DependencyUnavailableError('The remediation workflow is unavailable', { cause: error });
    }
  }

  return {
    start: ({ tenantId, runId }) =>
      call(() =>
        client.send(new StartExecutionCommand({ stateMachineArn, name: runId, input: JSON.stringify({ tenantId, runId, index: 0 }) })),
      ),
    complete: (taskToken) => call(() => client.send(new SendTaskSuccessCommand({ taskToken, output: '{}' }))),
    stop: (runId, cause) =>
      call(() => client.send(new StopExecutionCommand({ executionArn: executionArnOf(runId), cause: cause.slice(0, 256) }))),
  };
}
