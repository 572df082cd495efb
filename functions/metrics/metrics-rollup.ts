/**
 * The metrics rollup: adds each new decision record of the audit stream to its minute, hour and day
 * counters, exactly once (shared/metrics/metric-rollup.ts).
 */
import { rolledDecisionOf } from '../../shared/metrics/metric-rollup';
import { metricsRollup } from '../_lib/compose/metrics';
import { streamConsumer } from '../_lib/stream-consumer';

export const handler = streamConsumer('metrics rollup', rolledDecisionOf, (decisions) => metricsRollup().rollUp(decisions));
