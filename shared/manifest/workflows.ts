/**
 * State machines: Amazon States Language files with `${...}` placeholders for the functions their
 * tasks invoke. The CDK app deploys them with definition substitutions; the local runtime runs the
 * same files, substituting local function names.
 */

import type { FunctionVariable } from './function-environment';

export interface WorkflowSpec {
  readonly id: string;
  readonly description: string;
  /** The ASL file, from the repository root. */
  readonly definitionFile: string;
  /** Placeholder in the file → id of the function (FUNCTIONS) whose ARN replaces it. */
  readonly functions: Readonly<Record<string, string>>;
  /** Environment variable that carries the state machine's ARN to the functions that use it. */
  readonly envName: FunctionVariable;
}

export const WORKFLOWS = {
  approval: {
    id: 'approval',
    description: 'One approval: wait at the level its risk calls for, escalate once on timeout, then expire',
    definitionFile: 'shared/manifest/workflows/approval.asl.json',
    functions: { ApprovalStepsFunctionArn: 'approval-steps' },
    envName: 'WARDEN_STATE_MACHINE_APPROVAL',
  },
  remediation: {
    id: 'remediation',
    description: "One remediation run: a playbook's steps in order, with waits and a person's approval where the playbook asks",
    definitionFile: 'shared/manifest/workflows/remediation.asl.json',
    functions: { RemediationStepsFunctionArn: 'remediation-steps' },
    envName: 'WARDEN_STATE_MACHINE_REMEDIATION',
  },
} as const satisfies Record<string, WorkflowSpec>;

export type WorkflowId = keyof typeof WORKFLOWS;

/** What a function may do with a workflow: start executions, answer their tasks, stop them. */
export type WorkflowAccess = 'start' | 'respond' | 'stop';
