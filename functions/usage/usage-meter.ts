/**
 * The usage meter: consumes the audit table's stream (a Lambda event source mapping on AWS, the
 * local runtime's stream reader locally) and adds each new decision record to its agent's daily
 * counters exactly once (shared/usage/usage-meter.ts). A failing batch fails the invocation, so
 * the platform retries it in order; redelivered records are skipped by the checkpoint.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, Context, DynamoDBStreamEvent } from 'aws-lambda';
import { type MeteredDecision, meteredDecisionOf } from '../../shared/usage/usage-meter';
import { logger } from '../_lib/logger';
import { getServices } from '../_lib/services';

export const handler = middy<DynamoDBStreamEvent, void, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async function meterAuditRecords(event) {
    const decisions: MeteredDecision[] = [];
    for (const record of event.Records) {
      const image = record.dynamodb?.NewImage;
      const sequence = record.dynamodb?.SequenceNumber;
      if (record.eventName !== 'INSERT' || !image || !sequence) continue;
      const decision = meteredDecisionOf(unmarshall(image as Record<string, AttributeValue> as never), sequence);
      if (decision) decisions.push(decision);
    }
    const counted = await (await getServices()).usageMeter.meter(decisions);
    logger.debug('metered audit records', { records: event.Records.length, decisions: decisions.length, counted });
  });
