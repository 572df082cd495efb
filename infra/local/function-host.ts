/**
 * Runs Warden's functions in this process the way Lambda would: loads a function's entry module
 * (named in the manifest) on first use and calls its `handler(event, context)` with a Lambda-like
 * context. Infra refers to functions only by entry path, never by import.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { functionSpec } from '../../shared/manifest/functions';

type Handler = (event: unknown, context: LambdaLikeContext) => Promise<unknown>;

export interface LambdaLikeContext {
  readonly functionName: string;
  readonly functionVersion: string;
  readonly invokedFunctionArn: string;
  readonly memoryLimitInMB: string;
  readonly awsRequestId: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
  done(): void;
  fail(): void;
  succeed(): void;
}

export interface FunctionHost {
  /** Invokes the function with id `functionId` (see shared/manifest/functions.ts). */
  invoke<T = unknown>(functionId: string, event: unknown): Promise<T>;
  /** Loads every function now, so the first requests do not pay for module loading. */
  warm(functionIds: readonly string[]): Promise<void>;
}

export function createFunctionHost(rootDir: string): FunctionHost {
  const handlers = new Map<string, Promise<Handler>>();

  function load(functionId: string): Promise<Handler> {
    let handler = handlers.get(functionId);
    if (!handler) {
      const spec = functionSpec(functionId);
      handler = import(pathToFileURL(join(rootDir, spec.entry)).href).then((module: { handler?: unknown }) => {
        if (typeof module.handler !== 'function') throw new Error(`${spec.entry} does not export a handler`);
        return module.handler as Handler;
      });
      handlers.set(functionId, handler);
    }
    return handler;
  }

  function contextFor(functionId: string): LambdaLikeContext {
    const spec = functionSpec(functionId);
    const deadline = Date.now() + (spec.timeoutSeconds ?? 30) * 1000;
    const name = `warden-${functionId}`;
    const noop = () => undefined;
    return {
      functionName: name,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
      memoryLimitInMB: String(spec.memoryMb ?? 512),
      awsRequestId: randomUUID(),
      logGroupName: `/aws/lambda/${name}`,
      logStreamName: 'local',
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done: noop,
      fail: noop,
      succeed: noop,
    };
  }

  return {
    async invoke<T>(functionId: string, event: unknown): Promise<T> {
      const handler = await load(functionId);
      return (await handler(event, contextFor(functionId))) as T;
    },
    async warm(functionIds) {
      await Promise.all(functionIds.map(load));
    },
  };
}
