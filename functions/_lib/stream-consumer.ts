/**
 * The handler of an audit-stream consumer (a Lambda event source mapping on AWS, the local
 * runtime's stream reader locally): reads the items the batch inserted, keeps those `read` takes
 * (with their stream position), and hands them to `consume`, which applies them exactly once
 * (shared/audit/audit-stream-positions.ts). A failing batch fails the invocation, so the platform
 * retries it in order; records applied before are skipped by the positions the counters keep. Each batch taken is
 * noted (at most every few seconds per process) for the platform view's stream lag
 * (shared/metrics/stream-lag.ts), before it is applied, so a batch that keeps failing says how old it is.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { streamTakes } from './compose/ops';
import { logger } from './logger';
import { insertedItems } from './stream-records';

export function streamConsumer<R>(
  name: string,
  read: (item: Record<string, unknown>, sequence: string | undefined) => R | undefined,
  consume: (records: R[]) => Promise<number>,
) {
  return middy<DynamoDBStreamEvent, void, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      const inserted = insertedItems(event.Records);
      await streamTakes(name).taken(inserted.flatMap(({ item }) => (typeof item.at === 'string' ? Date.parse(item.at) || [] : [])));
      const records = inserted.flatMap(({ item, sequence }) => read(item, sequence) ?? []);
      const applied = await consume(records);
      logger.debug(`${name}: batch consumed`, { records: event.Records.length, taken: records.length, applied });
    });
}
