/**
 * The port to the approval state machine (Step Functions on AWS, the local runtime's twin
 * locally): start one execution per approval, answer its waiting task, stop it.
 */

/** What the state machine's steps return and a completed task sends back: where the approval stands. */
export interface WorkflowState {
  readonly status: 'pending' | 'settled';
  /** Seconds until the current level times out: at least 1 while pending, 0 once settled. */
  readonly timeoutSeconds: number;
}

export interface ApprovalWorkflow {
  /** Starts the execution of an approval (idempotent by approval id); returns its ARN. */
  start(input: { tenantId: string; approvalId: string }): Promise<string>;
  /** Completes a waiting task; a token that is no longer waiting is ignored. */
  complete(taskToken: string, state: WorkflowState): Promise<void>;
  /** Stops an execution; one that already ended is ignored. */
  stop(executionArn: string, cause: string): Promise<void>;
}
