/**
 * Enrichment of the audit-events pipe: turns a batch of audit-table stream records into the
 * domain events they announce, `{source, detailType, detail}` each, for the pipe to put on the
 * bus (`Source: $.source`, `DetailType: $.detailType`, detail `<$.detail>`). Records that announce
 * nothing (removals by TTL, records without an event) are dropped.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, Context, DynamoDBRecord } from 'aws-lambda';
import { eventOfAuditRecord } from '../../shared/events/audit-events';
import type { DomainEvent } from '../../shared/events/catalog';
import { logger } from '../_lib/logger';

export const handler = middy<DynamoDBRecord[], DomainEvent[], Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async function relayAuditRecords(records) {
    const events: DomainEvent[] = [];
    for (const record of records) {
      const image = record.dynamodb?.NewImage;
      if (record.eventName !== 'INSERT' || !image) continue;
      const event = eventOfAuditRecord(unmarshall(image as Record<string, AttributeValue> as never));
      if (event) events.push(event);
    }
    logger.debug('relayed audit records', { records: records.length, events: events.length });
    return events;
  });
