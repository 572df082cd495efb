import { EVENT_RULE } from '../../shared/manifest/event-flows';
import { notifications } from '../_lib/compose/notifications';
import { eventConsumer } from '../_lib/event-consumer';
import { logger } from '../_lib/logger';

/**
 * Delivers approvals, incidents, anomalies, quota thresholds, hygiene findings and remediation notices to the
 * tenant's subscribed channels: once per event
 * and channel however often the event arrives; failures are retried by `retry-deliveries`.
 */
export const handler = eventConsumer(
  {
    detailTypes: [
      ...EVENT_RULE.notifyApprovals.detailTypes,
      ...EVENT_RULE.notifyMonitoring.detailTypes,
      ...EVENT_RULE.notifyQuotas.detailTypes,
      ...EVENT_RULE.notifyHygiene.detailTypes,
      ...EVENT_RULE.notifyRemediation.detailTypes,
    ],
  },
  notifications,
  async (event, service) => {
    const attempts = await service.onEvent(event);
    if (attempts > 0) logger.info('event delivered to channels', { attempts });
  },
);
