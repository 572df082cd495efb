/**
 * The retry job (schedule `retry-deliveries`, every minute): tries again every webhook delivery
 * that is due (shared/notifications/notifications.ts).
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import type { ScheduledInvocation } from '../../shared/manifest/schedules';
import { notifications } from '../_lib/compose/notifications';
import { logger } from '../_lib/logger';

export const handler = middy<ScheduledInvocation, void, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async function retryDeliveries() {
    const attempts = await (await notifications()).retryDue();
    if (attempts > 0) logger.info('deliveries retried', { attempts });
  });
