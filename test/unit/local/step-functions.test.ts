/**
 * The local Step Functions: lambda:invoke and waitForTaskToken tasks, TimeoutSecondsPath read
 * from the state input (as on AWS), StopExecution, idempotent starts, and executions resumed
 * from the state file after a restart. Functions are a recording host here.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FunctionHost } from '../../../infra/local/function-host';
import { createLocalStepFunctions, type LocalStepFunctions, localStateMachineArn } from '../../../infra/local/step-functions';
import { eventually } from '../../support/warden-client';

const definition = {
  StartAt: 'Prepare',
  States: {
    Prepare: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: '${StepFn}', Payload: { step: 'prepare', 'item.$': '$.item' } },
      ResultSelector: { 'seconds.$': '$.Payload.seconds' },
      ResultPath: '$.prepared',
      Next: 'Wait',
    },
    Wait: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: '${StepFn}', Payload: { step: 'wait', 'token.$': '$$.Task.Token' } },
      TimeoutSecondsPath: '$.prepared.seconds',
      ResultPath: '$.answer',
      Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.timedOut', Next: 'TimedOut' }],
      End: true,
    },
    TimedOut: { Type: 'Pass', Result: 'timed out', ResultPath: '$.answer', End: true },
  },
};

function setup(seconds = 30, dir = mkdtempSync(join(tmpdir(), 'warden-sfn-'))) {
  writeFileSync(join(dir, 'flow.asl.json'), JSON.stringify(definition));
  const calls: { functionId: string; event: any }[] = [];
  const host: FunctionHost = {
    invoke: async (functionId: string, event: any) => {
      calls.push({ functionId, event });
      return (event.step === 'prepare' ? { seconds } : {}) as never;
    },
    warm: async () => undefined,
  };
  const sfn = createLocalStepFunctions({
    workflows: [
      {
        id: 'flow',
        description: 'test',
        definitionFile: 'flow.asl.json',
        functions: { StepFn: 'step-fn' },
        envName: 'WARDEN_STATE_MACHINE_APPROVAL',
      },
    ],
    rootDir: dir,
    host,
    stateFile: join(dir, 'executions.json'),
    log: () => undefined,
  });
  const call = async (operation: string, input: Record<string, unknown>): Promise<any> =>
    sfn.operations[`AWSStepFunctions.${operation}`]!(input);
  return { sfn, calls, call, dir };
}

const stateMachineArn = localStateMachineArn('flow');

describe('Local Step Functions', () => {
  const started: LocalStepFunctions[] = [];
  afterEach(async () => {
    for (const sfn of started.splice(0)) await sfn.stop();
  });

  it('invokes task functions by their substituted names, hands the task token over, and goes on when it is answered', async () => {
    const { sfn, calls, call } = setup();
    started.push(sfn);
    const { executionArn } = await call('StartExecution', { stateMachineArn, name: 'one', input: JSON.stringify({ item: 'x' }) });
    const waiting = await eventually(async () => calls.find((c) => c.event.step === 'wait'));
    expect(calls[0]).toEqual({ functionId: 'step-fn', event: { step: 'prepare', item: 'x' } });
    expect(waiting.event.token).toMatch(/^[0-9a-f]{64}$/);
    await call('SendTaskSuccess', { taskToken: waiting.event.token, output: JSON.stringify({ ok: true }) });
    const done = await eventually(async () => {
      const described = await call('DescribeExecution', { executionArn });
      return described.status === 'SUCCEEDED' ? described : undefined;
    });
    expect(JSON.parse(done.output)).toEqual({ item: 'x', prepared: { seconds: 30 }, answer: { ok: true } });
    await expect(call('SendTaskSuccess', { taskToken: waiting.event.token, output: '{}' })).rejects.toMatchObject({
      type: 'TaskDoesNotExist',
    });
  });

  it("takes TimeoutSecondsPath from the state's input, as AWS does", async () => {
    const { sfn, call } = setup(1);
    started.push(sfn);
    const { executionArn } = await call('StartExecution', { stateMachineArn, name: 'slow', input: '{"item":"y"}' });
    const done = await eventually(async () => {
      const described = await call('DescribeExecution', { executionArn });
      return described.status === 'SUCCEEDED' ? described : undefined;
    });
    expect(JSON.parse(done.output).answer).toBe('timed out');
  });

  it('starts an execution once per name and input, and refuses the name with another input', async () => {
    const { sfn, call } = setup();
    started.push(sfn);
    const first = await call('StartExecution', { stateMachineArn, name: 'dup', input: '{"item":"z"}' });
    expect((await call('StartExecution', { stateMachineArn, name: 'dup', input: '{"item":"z"}' })).executionArn).toBe(first.executionArn);
    await expect(call('StartExecution', { stateMachineArn, name: 'dup', input: '{"item":"other"}' })).rejects.toMatchObject({
      type: 'ExecutionAlreadyExists',
    });
    await expect(call('StartExecution', { stateMachineArn: `${stateMachineArn}-nope`, input: '{}' })).rejects.toMatchObject({
      type: 'StateMachineDoesNotExist',
    });
  });

  it('stops an execution: ABORTED, and its task token no longer answers', async () => {
    const { sfn, calls, call } = setup();
    started.push(sfn);
    const { executionArn } = await call('StartExecution', { stateMachineArn, name: 'stop-me', input: '{"item":"s"}' });
    const waiting = await eventually(async () => calls.find((c) => c.event.step === 'wait'));
    await call('StopExecution', { executionArn, cause: 'agent decommissioned' });
    expect(await call('DescribeExecution', { executionArn })).toMatchObject({ status: 'ABORTED', cause: 'agent decommissioned' });
    await expect(call('SendTaskSuccess', { taskToken: waiting.event.token, output: '{}' })).rejects.toMatchObject({
      type: 'TaskDoesNotExist',
    });
    expect((await call('ListExecutions', { stateMachineArn, statusFilter: 'RUNNING' })).executions).toEqual([]);
  });

  it('runs an unfinished execution again from the start after a restart', async () => {
    const first = setup();
    const { executionArn } = await first.call('StartExecution', { stateMachineArn, name: 'survivor', input: '{"item":"r"}' });
    await eventually(async () => first.calls.find((c) => c.event.step === 'wait'));
    await first.sfn.stop();

    const second = setup(30, first.dir);
    started.push(second.sfn);
    expect(await second.call('DescribeExecution', { executionArn })).toMatchObject({ status: 'RUNNING' });
    expect(second.sfn.resume()).toBe(1);
    const waiting = await eventually(async () => second.calls.find((c) => c.event.step === 'wait'));
    expect(second.calls[0]!.event).toEqual({ step: 'prepare', item: 'r' });
    await second.call('SendTaskSuccess', { taskToken: waiting.event.token, output: '"resumed"' });
    await eventually(async () => ((await second.call('DescribeExecution', { executionArn })).status === 'SUCCEEDED' ? true : undefined));
  });
});
