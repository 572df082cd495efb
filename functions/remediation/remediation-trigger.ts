import { EVENT_RULE } from '../../shared/manifest/event-flows';
import { remediations } from '../_lib/compose/remediation';
import { eventConsumer } from '../_lib/event-consumer';
import { logger } from '../_lib/logger';

/**
 * Starts the tenant's enabled playbooks that an event fires (anomalies, incidents, quota
 * thresholds, hygiene findings): one run per event and playbook however often the event arrives.
 */
export const handler = eventConsumer(
  {
    detailTypes: [
      ...EVENT_RULE.remediateMonitoring.detailTypes,
      ...EVENT_RULE.remediateQuotas.detailTypes,
      ...EVENT_RULE.remediateHygiene.detailTypes,
    ],
  },
  remediations,
  async (event, service) => {
    const runs = await service.onEvent({ detailType: event.detailType, auditId: event.detail.auditId ?? event.id, detail: event.detail });
    if (runs.length > 0) logger.info('remediation runs', { runs: runs.map((run) => ({ id: run.id, status: run.status })) });
  },
);
