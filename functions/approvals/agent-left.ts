import { EVENT_RULE } from '../../shared/manifest/event-flows';
import { approvalServices } from '../_lib/compose/approvals';
import { eventConsumer } from '../_lib/event-consumer';
import { logger } from '../_lib/logger';

/**
 * A suspended or decommissioned agent loses its pending approvals (their workflows are stopped)
 * and its grants. Idempotent: a redelivered event finds nothing pending and nothing to revoke.
 */
export const handler = eventConsumer(EVENT_RULE.approvalsAgentLeft, approvalServices, async (event, services) => {
  const because = event.detailType === 'Agent.Suspended' ? 'agent suspended' : 'agent decommissioned';
  const result = await services.approvals.agentLeft(event.detail.tenantId, event.detail.agentId, because);
  logger.info('agent left', { agentId: event.detail.agentId, ...result });
});
