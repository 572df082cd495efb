/**
 * `eventConsumer(types, handle)`: the Lambda handler of an EventBridge rule target. It parses the
 * detail with the catalog's schema (a malformed event fails loudly and is retried, then
 * dead-lettered by the platform) and logs with the tenant id.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { type DomainEvent, type EventType, parseEventDetail } from '../../shared/events/catalog';
import { logger } from './logger';
import { getServices, type Services } from './services';

export function eventConsumer<T extends EventType>(types: readonly T[], handle: (event: DomainEvent<T> & { id: string }, services: Services) => Promise<void>) {
  return middy<EventBridgeEvent<string, unknown>, void, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async function consumeEvent(event) {
      const detailType = event['detail-type'] as T;
      if (!types.includes(detailType)) {
        logger.warn('ignored event of an unexpected type', { detailType });
        return;
      }
      const detail = parseEventDetail(detailType, event.detail);
      logger.appendKeys({ tenantId: detail.tenantId, detailType, eventId: event.id });
      await handle({ id: event.id, source: event.source, detailType, detail } as DomainEvent<T> & { id: string }, await getServices());
    });
}
