/**
 * The usage meter: adds each new decision record of the audit stream to its agent's daily
 * counters, exactly once (shared/usage/usage-meter.ts).
 */
import { meteredDecisionOf } from '../../shared/usage/usage-meter';
import { usageMeter } from '../_lib/compose/usage';
import { streamConsumer } from '../_lib/stream-consumer';

export const handler = streamConsumer('usage meter', meteredDecisionOf, (decisions) => usageMeter().meter(decisions));
