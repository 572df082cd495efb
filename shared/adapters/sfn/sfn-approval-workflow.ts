/**
 * The approval workflow on Step Functions (the real SDK client; locally it reaches the local
 * runtime's endpoint through AWS_ENDPOINT_URL_SFN). One execution per approval, named by the
 * approval id, so starting twice starts once.
 */
import type { SFNClient } from '@aws-sdk/client-sfn';
import { SendTaskSuccessCommand, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import type { ApprovalWorkflow } from '../../approvals/approval-workflow';
import { DependencyUnavailableError } from '../../kernel/errors';

/** Errors that mean "that task or execution is no longer waiting": nothing to do. */
const GONE = new Set(['TaskDoesNotExist', 'TaskTimedOut', 'InvalidToken', 'ExecutionDoesNotExist']);

const nameOf = (error: unknown) => (typeof error === 'object' && error !== null ? String((error as { name?: unknown }).name) : '');

export function createSfnApprovalWorkflow(client: SFNClient, stateMachineArn: string): ApprovalWorkflow {
  async function call<T>(send: () => Promise<T>, ignoreGone: boolean): Promise<T | undefined> {
    try {
      return await send();
    } catch (error) {
      if (ignoreGone && GONE.has(nameOf(error))) return undefined;
      throw new DependencyUnavailableError('The approval workflow is unavailable', { cause: error });
    }
  }

  return {
    async start({ tenantId, approvalId }) {
      const input = JSON.stringify({ tenantId, approvalId });
      try {
        const started = await client.send(new StartExecutionCommand({ stateMachineArn, name: approvalId, input }));
        return started.executionArn ?? '';
      } catch (error) {
        // Started before with the same name (a retry): its ARN is derived from the machine's.
        if (nameOf(error) === 'ExecutionAlreadyExists') return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${approvalId}`;
        throw new DependencyUnavailableError('The approval workflow is unavailable', { cause: error });
      }
    },

    async complete(taskToken, state) {
      await call(() => client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(state) })), true);
    },

    async stop(executionArn, cause) {
      await call(() => client.send(new StopExecutionCommand({ executionArn, cause: cause.slice(0, 256) })), true);
    },
  };
}
