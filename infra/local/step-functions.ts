/**
 * The local Step Functions: the manifest's ASL files run by aws-local-stepfunctions behind the AWS
 * JSON operations Warden uses (StartExecution, DescribeExecution, ListExecutions, StopExecution,
 * SendTaskSuccess, SendTaskFailure), so functions keep the real SFN client.
 *
 * - `lambda:invoke` tasks call the manifest's functions in this process; `.waitForTaskToken`
 *   tasks mint a token, pass it in the payload and wait for SendTaskSuccess/Failure.
 * - Executions are kept in a JSON file. One still running when the runtime stops is run again
 *   from the start at the next start: Warden's workflow steps are idempotent and read their state
 *   from the database, so a re-run waits until the approval's original deadline
 *   (docs/decisions/approvals.md).
 */
import './promise-with-resolvers';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StateMachine } from 'aws-local-stepfunctions';
import type { WorkflowSpec } from '../../shared/manifest/workflows';
import { AwsError, type AwsOperation } from './aws-endpoint';
import type { FunctionHost } from './function-host';

const ACCOUNT = '000000000000';
const REGION = 'us-east-1';
const TOKEN_PLACEHOLDER = '__warden_local_task_token__';
const TIMEOUT_FIELD = '__timeoutSeconds';

export const localStateMachineArn = (workflowId: string) => `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:warden-${workflowId}`;
const executionArnOf = (stateMachineArn: string, name: string) => `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;

type Status = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  input: string;
  status: Status;
  startDate: number;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
}

interface WaitingTask {
  readonly executionArn: string;
  resolve(output: unknown): void;
  reject(error: Error): void;
}

type AslState = Record<string, unknown> & {
  Type: string;
  Resource?: string;
  Parameters?: Record<string, unknown>;
  TimeoutSecondsPath?: string;
};
type AslDefinition = { States: Record<string, AslState> } & Record<string, unknown>;

export interface LocalStepFunctionsOptions {
  readonly workflows: readonly WorkflowSpec[];
  readonly rootDir: string;
  readonly host: FunctionHost;
  /** Where executions are kept between runs. */
  readonly stateFile: string;
  readonly log: (message: string, extra?: Record<string, unknown>) => void;
}

/** A local function's name as the ASL sees it after substitution. */
const localFunctionName = (functionId: string) => `warden-${functionId}`;

/**
 * The ASL text with its placeholders replaced, adapted to one difference of the emulator: it
 * evaluates `TimeoutSecondsPath` against the task's parameters, AWS against the state's input. The
 * path's value is carried into the parameters under a private name (removed before the call).
 */
function localDefinition(spec: WorkflowSpec, rootDir: string): AslDefinition {
  let text = readFileSync(join(rootDir, spec.definitionFile), 'utf8');
  for (const [placeholder, functionId] of Object.entries(spec.functions))
    text = text.replaceAll(`\${${placeholder}}`, localFunctionName(functionId));
  const definition = JSON.parse(text) as AslDefinition;
  for (const state of Object.values(definition.States)) {
    if (state.Type !== 'Task' || !state.TimeoutSecondsPath || !state.Parameters) continue;
    state.Parameters = { ...state.Parameters, [`${TIMEOUT_FIELD}.$`]: state.TimeoutSecondsPath };
    state.TimeoutSecondsPath = `$.${TIMEOUT_FIELD}`;
  }
  return definition;
}

function replaceDeep(value: unknown, from: string, to: string): unknown {
  if (value === from) return to;
  if (Array.isArray(value)) return value.map((item) => replaceDeep(item, from, to));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceDeep(item, from, to)]));
  return value;
}

class TaskError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

export function createLocalStepFunctions(options: LocalStepFunctionsOptions) {
  const { host, log } = options;
  const machines = new Map<string, { definition: AslDefinition; machine: StateMachine }>();
  for (const spec of options.workflows) {
    const definition = localDefinition(spec, options.rootDir);
    machines.set(localStateMachineArn(spec.id), { definition, machine: new StateMachine(definition as never) });
  }
  const executions = new Map<string, ExecutionRecord>();
  if (existsSync(options.stateFile)) {
    for (const record of JSON.parse(readFileSync(options.stateFile, 'utf8')) as ExecutionRecord[])
      executions.set(record.executionArn, record);
  }
  const running = new Map<string, { abort(): void; settled: Promise<void> }>();
  const tasks = new Map<string, WaitingTask>();
  let stopping = false;

  function persist() {
    const temporary = `${options.stateFile}.tmp`;
    writeFileSync(temporary, JSON.stringify([...executions.values()]));
    renameSync(temporary, options.stateFile);
  }

  const invokeFunction = (functionName: unknown, payload: unknown) => {
    const name = String(functionName);
    if (!name.startsWith('warden-')) throw new TaskError('Lambda.ResourceNotFoundException', `No local function ${name}`);
    return host.invoke(name.slice('warden-'.length), payload);
  };

  /** Task handlers by state name: Lambda invocations in this process, and task-token waits. */
  function taskHandlers(definition: AslDefinition, executionArn: string) {
    const handlers: Record<string, (input: Record<string, unknown>) => Promise<unknown>> = {};
    for (const [stateName, state] of Object.entries(definition.States)) {
      if (state.Type !== 'Task') continue;
      if (state.Resource === 'arn:aws:states:::lambda:invoke') {
        handlers[stateName] = async (input) => ({
          ExecutedVersion: '$LATEST',
          StatusCode: 200,
          Payload: await invokeFunction(input.FunctionName, input.Payload),
        });
      } else if (state.Resource === 'arn:aws:states:::lambda:invoke.waitForTaskToken') {
        handlers[stateName] = async (input) => {
          const token = `${randomUUID()}${randomUUID()}`.replaceAll('-', '');
          // One task waits per execution: an older token (its wait timed out) is no longer valid.
          for (const [other, task] of tasks) if (task.executionArn === executionArn) tasks.delete(other);
          const answered = new Promise<unknown>((resolve, reject) => tasks.set(token, { executionArn, resolve, reject }));
          const { [TIMEOUT_FIELD]: _timeout, ...parameters } = input;
          try {
            await invokeFunction(parameters.FunctionName, replaceDeep(parameters.Payload, TOKEN_PLACEHOLDER, token));
          } catch (error) {
            tasks.delete(token);
            throw error;
          }
          return answered;
        };
      } else {
        handlers[stateName] = async () => {
          throw new TaskError('States.Runtime', `The local runtime does not run ${state.Resource}`);
        };
      }
    }
    return handlers;
  }

  function finish(record: ExecutionRecord, status: Status, fields: Partial<ExecutionRecord> = {}) {
    Object.assign(record, { status, stopDate: Date.now(), ...fields });
    for (const [token, task] of tasks) if (task.executionArn === record.executionArn) tasks.delete(token);
    persist();
  }

  function run(record: ExecutionRecord) {
    const entry = machines.get(record.stateMachineArn);
    if (!entry) return finish(record, 'FAILED', { error: 'States.Runtime', cause: 'The state machine no longer exists' });
    const execution = entry.machine.run(JSON.parse(record.input), {
      overrides: { taskResourceLocalHandlers: taskHandlers(entry.definition, record.executionArn) as never },
      context: { Task: { Token: TOKEN_PLACEHOLDER } } as never,
    });
    const settled = execution.result.then(
      (output: unknown) => finish(record, 'SUCCEEDED', { output: JSON.stringify(output) }),
      (error: Error) => {
        if (stopping) return; // the runtime is stopping: the execution stays RUNNING and is resumed at the next start
        if (record.status !== 'RUNNING') return; // stopped by StopExecution
        const cause = (error as { cause?: Error }).cause ?? error;
        finish(record, error.name === 'ExecutionTimeoutError' ? 'TIMED_OUT' : 'FAILED', { error: cause.name, cause: cause.message });
        log('execution failed', { executionArn: record.executionArn, error: cause.name, cause: cause.message });
      },
    );
    running.set(record.executionArn, {
      abort: () => execution.abort(),
      settled: settled.finally(() => running.delete(record.executionArn)),
    });
  }

  const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);
  const describe = (record: ExecutionRecord) => ({
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: seconds(record.startDate),
    ...(record.stopDate ? { stopDate: seconds(record.stopDate) } : {}),
    input: record.input,
    ...(record.output !== undefined ? { output: record.output } : {}),
    ...(record.error ? { error: record.error } : {}),
    ...(record.cause ? { cause: record.cause } : {}),
  });

  const execution = (input: Record<string, unknown>) => {
    const record = executions.get(String(input.executionArn));
    if (!record) throw new AwsError('ExecutionDoesNotExist', `Execution does not exist: ${String(input.executionArn)}`);
    return record;
  };

  const answer = (input: Record<string, unknown>): WaitingTask => {
    const token = String(input.taskToken);
    const task = tasks.get(token);
    if (!task) throw new AwsError('TaskDoesNotExist', 'Task does not exist anymore');
    tasks.delete(token);
    return task;
  };

  const operations: Record<string, AwsOperation> = {
    'AWSStepFunctions.StartExecution': (input) => {
      const stateMachineArn = String(input.stateMachineArn);
      if (!machines.has(stateMachineArn))
        throw new AwsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
      const name = typeof input.name === 'string' ? input.name : randomUUID();
      const executionInput = typeof input.input === 'string' ? input.input : '{}';
      const executionArn = executionArnOf(stateMachineArn, name);
      const existing = executions.get(executionArn);
      if (existing) {
        // As on AWS: the same name and input while running is the same execution.
        if (existing.status === 'RUNNING' && existing.input === executionInput)
          return { executionArn, startDate: seconds(existing.startDate) };
        throw new AwsError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
      }
      const record: ExecutionRecord = {
        executionArn,
        stateMachineArn,
        name,
        input: executionInput,
        status: 'RUNNING',
        startDate: Date.now(),
      };
      executions.set(executionArn, record);
      persist();
      run(record);
      return { executionArn, startDate: seconds(record.startDate) };
    },
    'AWSStepFunctions.DescribeExecution': (input) => describe(execution(input)),
    'AWSStepFunctions.ListExecutions': (input) => ({
      executions: [...executions.values()]
        .filter(
          (record) =>
            record.stateMachineArn === input.stateMachineArn && (input.statusFilter === undefined || record.status === input.statusFilter),
        )
        .map((record) => ({
          executionArn: record.executionArn,
          stateMachineArn: record.stateMachineArn,
          name: record.name,
          status: record.status,
          startDate: seconds(record.startDate),
        })),
    }),
    'AWSStepFunctions.StopExecution': (input) => {
      const record = execution(input);
      if (record.status === 'RUNNING') {
        finish(record, 'ABORTED', {
          ...(input.error ? { error: String(input.error) } : {}),
          ...(input.cause ? { cause: String(input.cause) } : {}),
        });
        running.get(record.executionArn)?.abort();
      }
      return { stopDate: seconds(record.stopDate) };
    },
    'AWSStepFunctions.SendTaskSuccess': (input) => {
      answer(input).resolve(JSON.parse(typeof input.output === 'string' ? input.output : '{}'));
      return {};
    },
    'AWSStepFunctions.SendTaskFailure': (input) => {
      answer(input).reject(new TaskError(String(input.error ?? 'States.TaskFailed'), String(input.cause ?? '')));
      return {};
    },
  };

  return {
    operations,

    /** Runs again every execution that was running when the runtime last stopped. */
    resume(): number {
      const unfinished = [...executions.values()].filter((record) => record.status === 'RUNNING' && !running.has(record.executionArn));
      for (const record of unfinished) run(record);
      if (unfinished.length > 0) log('resumed executions', { count: unfinished.length });
      return unfinished.length;
    },

    /** Executions of a state machine, for the test hooks. */
    list: (status?: Status) => [...executions.values()].filter((record) => status === undefined || record.status === status).map(describe),

    /** Stops every running execution without ending it: the next start resumes them. */
    async stop(): Promise<void> {
      stopping = true;
      const all = [...running.values()];
      for (const handle of all) handle.abort();
      await Promise.allSettled(all.map((handle) => handle.settled));
    },
  };
}

export type LocalStepFunctions = ReturnType<typeof createLocalStepFunctions>;
