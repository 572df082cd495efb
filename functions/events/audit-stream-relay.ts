/**
 * Enrichment of the audit-events pipe: turns a batch of audit-table stream records into the
 * domain events they announce, `{source, detailType, detail}` each, for the pipe to put on the
 * bus (`Source: $.source`, `DetailType: $.detailType`, detail `<$.detail>`). Records that announce
 * nothing (removals by TTL, records without an event) are dropped.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context, DynamoDBRecord } from 'aws-lambda';
import { eventOfAuditRecord } from '../../shared/events/audit-events';
import type { DomainEvent } from '../../shared/events/catalog';
import { logger } from '../_lib/logger';
import { insertedItems } from '../_lib/stream-records';

export const handler = middy<DynamoDBRecord[], DomainEvent[], Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async function relayAuditRecords(records) {
    const events = insertedItems(records).flatMap(({ item }) => eventOfAuditRecord(item as never) ?? []);
    logger.debug('relayed audit records', { records: records.length, events: events.length });
    return events;
  });
