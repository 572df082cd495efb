/**
 * CloudWatch metrics in Embedded Metric Format (Powertools Metrics), namespace `Warden`, with the
 * service as the only dimension. Only functions that publish import this (it costs a few ms to
 * load): today the metrics rollup, which publishes per stream batch, off the decision path.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { cloudMetricsOf } from '../../shared/metrics/metric-rollup';

export const metrics = new Metrics({ namespace: 'Warden', serviceName: 'warden' });

/** Publishes a batch's decision metrics at once (Powertools splits past 100 values a metric). */
export function publishDecisionMetrics(batch: ReturnType<typeof cloudMetricsOf>): void {
  if (batch.decisions === 0) return;
  metrics.addMetric('Decisions', MetricUnit.Count, batch.decisions);
  metrics.addMetric('Denied', MetricUnit.Count, batch.denied);
  metrics.addMetric('ApprovalsRequired', MetricUnit.Count, batch.approvalsRequired);
  for (const latency of batch.latenciesMs) metrics.addMetric('DecisionLatency', MetricUnit.Milliseconds, latency);
  // The 100th value of a metric flushes everything stored, so a multiple of 100 latencies leaves nothing (and a warning).
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}
