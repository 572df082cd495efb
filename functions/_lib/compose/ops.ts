/**
 * The platform's operational notes a function writes about itself: its stream takes (audit-stream
 * consumers) and its answer counts (API routes), each at most every few seconds per process,
 * never a write per record or per successful request (docs/decisions/metrics.md, "The platform
 * view").
 */
import { randomUUID } from 'node:crypto';
import { createDynamoDbOpsStore } from '../../../shared/adapters/dynamodb/dynamodb-ops-store';
import { createApiAnswerCounter } from '../../../shared/metrics/api-answers';
import { createStreamTakeRecorder } from '../../../shared/metrics/stream-lag';
import { logger } from '../logger';
import { tableClients, tables } from './dynamodb';
import { clock } from './kernel';
import { once } from './once';

/** The notes' store. */
export const opsStore = once(() => createDynamoDbOpsStore(tableClients(), tables()));

/** This process (a Lambda instance, or the local runtime). */
const instanceId = once(() => randomUUID().slice(0, 13));

const warn = (what: string) => (error: unknown) => logger.warn(`${what} not noted`, { error: String(error) });

const recorders = new Map<string, ReturnType<typeof createStreamTakeRecorder>>();

/** The take recorder of a stream consumer, against the function's clock (the one audit items' `at` is written with). */
export function streamTakes(consumer: string) {
  let recorder = recorders.get(consumer);
  if (!recorder) {
    recorder = createStreamTakeRecorder({
      store: opsStore(),
      consumer,
      instance: instanceId(),
      nowMs: () => clock().nowMs(),
      onError: warn('stream take'),
    });
    recorders.set(consumer, recorder);
  }
  return recorder;
}

/** The process's answer counter, against the function's clock (the windows' time). */
export const apiAnswers = once(() =>
  createApiAnswerCounter({ store: opsStore(), nowMs: () => clock().nowMs(), onError: warn('answer counts') }),
);
