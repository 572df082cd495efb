/**
 * The usage meter: consumes the audit table's stream (a Lambda event source mapping on AWS, the
 * local runtime's stream reader locally) and adds each new decision record to its agent's daily
 * counters exactly once (shared/usage/usage-meter.ts). A failing batch fails the invocation, so
 * the platform retries it in order; redelivered records are skipped by the checkpoint.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { meteredDecisionOf } from '../../shared/usage/usage-meter';
import { logger } from '../_lib/logger';
import { usageMeter } from '../_lib/compose/usage';
import { insertedItems } from '../_lib/stream-records';

export const handler = middy<DynamoDBStreamEvent, void, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async function meterAuditRecords(event) {
    const decisions = insertedItems(event.Records).flatMap(({ item, sequence }) => meteredDecisionOf(item, sequence) ?? []);
    const counted = await usageMeter().meter(decisions);
    logger.debug('metered audit records', { records: event.Records.length, decisions: decisions.length, counted });
  });
