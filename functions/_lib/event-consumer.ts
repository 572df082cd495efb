/**
 * `eventConsumer(rule, services, handle)`: the Lambda handler of an EventBridge rule's target, for
 * the detail-types the manifest's rule delivers (shared/manifest/event-flows.ts). It parses the
 * detail with the catalog's schema (a malformed event fails loudly and is retried, then
 * dead-lettered by the platform) and logs with the tenant id.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { type DomainEvent, type EventType, parseEventDetail } from '../../shared/events/catalog';
import { logger } from './logger';

/** The handler of `rule`'s target; `services` builds (once) what `handle` uses. */
export function eventConsumer<T extends EventType, S>(
  rule: { readonly detailTypes: readonly T[] },
  services: () => Promise<S>,
  handle: (event: DomainEvent<T> & { id: string }, services: S) => Promise<void>,
) {
  return middy<EventBridgeEvent<string, unknown>, void, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async function consumeEvent(event) {
      const detailType = event['detail-type'] as T;
      if (!rule.detailTypes.includes(detailType)) {
        logger.warn('ignored event of an unexpected type', { detailType });
        return;
      }
      const detail = parseEventDetail(detailType, event.detail);
      logger.appendKeys({ tenantId: detail.tenantId, detailType, eventId: event.id });
      await handle({ id: event.id, source: event.source, detailType, detail } as DomainEvent<T> & { id: string }, await services());
    });
}
