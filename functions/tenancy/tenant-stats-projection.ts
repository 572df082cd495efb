import { agentCountDeltas } from '../../shared/tenancy/tenant-stats';
import { eventConsumer } from '../_lib/event-consumer';
import { logger } from '../_lib/logger';

/**
 * Keeps per-tenant agent counts from agent lifecycle events. Idempotent: each event (by the audit
 * record it came from) is applied once, however often it is delivered.
 */
export const handler = eventConsumer(['Agent.Registered', 'Agent.Suspended', 'Agent.Reinstated', 'Agent.Decommissioned'], async (event, services) => {
  const deltas = agentCountDeltas(event);
  if (!deltas) return;
  const eventKey = event.detail.auditId ?? event.id;
  const applied = await services.tenancyStore.applyAgentCountDeltas(event.detail.tenantId, 'tenant-stats', eventKey, deltas);
  if (!applied) logger.info('event already applied', { eventKey });
});
