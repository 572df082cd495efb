/**
 * The manifest's state machines: each from its ASL file (the one the local runtime runs), with the
 * function placeholders substituted by ARNs, logs of every execution, X-Ray tracing, and
 * permissions exactly as the manifest lists them: the machine may invoke only its task functions;
 * a function may start, answer or stop executions only where its `workflows` entry says so, and
 * gets the machine's ARN in the workflow's environment variable.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RemovalPolicy } from 'aws-cdk-lib';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { FUNCTIONS } from '../../shared/manifest/functions';
import { WORKFLOWS, type WorkflowAccess, type WorkflowId } from '../../shared/manifest/workflows';
import { constructName, type WardenFunctions } from './functions';

const ROOT = join(import.meta.dirname, '../..');

export interface WorkflowsProps {
  readonly functions: WardenFunctions;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

export class WardenWorkflows extends Construct {
  readonly byId = new Map<WorkflowId, StateMachine>();

  constructor(scope: Construct, id: string, props: WorkflowsProps) {
    super(scope, id);
    for (const [workflowId, spec] of Object.entries(WORKFLOWS) as [WorkflowId, (typeof WORKFLOWS)[WorkflowId]][]) {
      const name = constructName(workflowId);
      const taskFunctions = Object.entries(spec.functions).map(
        ([placeholder, functionId]) => [placeholder, props.functions.get(functionId)] as const,
      );
      const machine = new StateMachine(this, name, {
        stateMachineType: StateMachineType.STANDARD,
        comment: spec.description,
        // Inline (not an S3 asset): the template carries exactly the file the local runtime runs.
        definitionBody: DefinitionBody.fromString(readFileSync(join(ROOT, spec.definitionFile), 'utf8')),
        definitionSubstitutions: Object.fromEntries(taskFunctions.map(([placeholder, fn]) => [placeholder, fn.functionArn])),
        tracingEnabled: true,
        logs: {
          destination: new LogGroup(this, `${name}Logs`, { retention: props.logRetention, removalPolicy: props.removalPolicy }),
          level: LogLevel.ALL,
          includeExecutionData: false,
        },
      });
      for (const [, fn] of taskFunctions) fn.grantInvoke(machine);
      this.byId.set(workflowId, machine);
    }

    for (const fnSpec of FUNCTIONS) {
      for (const [workflowId, accesses] of Object.entries(fnSpec.workflows ?? {}) as [WorkflowId, readonly WorkflowAccess[]][]) {
        const machine = this.get(workflowId);
        const fn = props.functions.get(fnSpec.id);
        fn.addEnvironment(WORKFLOWS[workflowId].envName, machine.stateMachineArn);
        for (const access of accesses) {
          if (access === 'start') machine.grantStartExecution(fn);
          else if (access === 'respond') machine.grantTaskResponse(fn);
          else machine.grantExecution(fn, 'states:StopExecution');
        }
      }
    }
  }

  get(id: WorkflowId): StateMachine {
    const found = this.byId.get(id);
    if (!found) throw new Error(`No workflow ${id} in the manifest`);
    return found;
  }
}
