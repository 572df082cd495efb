/**
 * The live decision feed (audit stream consumer): delivers each batch of new decisions to the
 * channels of their tenants subscribed to `Decision.Made` (shared/notifications/decision-feed.ts).
 */
import { feedDecisionOf } from '../../shared/notifications/decision-feed';
import { notifications } from '../_lib/compose/notifications';
import { streamConsumer } from '../_lib/stream-consumer';

export const handler = streamConsumer('decision feed', feedDecisionOf, async (decisions) =>
  decisions.length === 0 ? 0 : (await notifications()).onDecisions(decisions),
);
