/**
 * The metrics rollup: adds each new decision record of the audit stream to its minute, hour and day
 * counters, exactly once (shared/metrics/metric-rollup.ts), and tells CloudWatch about the batch.
 */
import { cloudMetricsOf, rolledDecisionOf } from '../../shared/metrics/metric-rollup';
import { publishDecisionMetrics } from '../_lib/cloud-metrics';
import { metricsRollup } from '../_lib/compose/metrics';
import { streamConsumer } from '../_lib/stream-consumer';

export const handler = streamConsumer('metrics rollup', rolledDecisionOf, async (decisions) => {
  const rolled = await metricsRollup().rollUp(decisions);
  publishDecisionMetrics(cloudMetricsOf(decisions));
  return rolled;
});
