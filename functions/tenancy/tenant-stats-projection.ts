import { EVENT_RULE } from '../../shared/manifest/event-flows';
import { agentCountDeltas } from '../../shared/tenancy/tenant-stats';
import { tenancyStore } from '../_lib/compose/tenancy-store';
import { eventConsumer } from '../_lib/event-consumer';
import { logger } from '../_lib/logger';

/**
 * Keeps per-tenant agent counts from agent lifecycle events. Idempotent: each event (by the audit
 * record it came from) is applied once, however often it is delivered.
 */
export const handler = eventConsumer(
  EVENT_RULE.tenantStats,
  async () => tenancyStore(),
  async (event, store) => {
    const deltas = agentCountDeltas(event);
    if (!deltas) return;
    const eventKey = event.detail.auditId ?? event.id;
    const applied = await store.applyAgentCountDeltas(event.detail.tenantId, 'tenant-stats', eventKey, deltas);
    if (!applied) logger.info('event already applied', { eventKey });
  },
);
