/**
 * The detection job (schedule `detect-anomalies`, every minute): runs the detectors over the
 * minutes the metrics rollups settled, for every active tenant (shared/monitoring/anomaly-detection.ts).
 * A tenant that fails is taken up again by the next run from where it stopped.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import type { ScheduledInvocation } from '../../shared/manifest/schedules';
import { logger } from '../_lib/logger';
import { anomalyDetection } from '../_lib/compose/monitoring';

export const handler = middy<ScheduledInvocation, void, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async function detectAnomalies(invocation) {
    // The functions' clock, not the time the run was due: a late run looks at what has settled by now.
    const result = await anomalyDetection().run();
    logger.debug('detection run', { scheduledAt: invocation.scheduledAt, tenants: result.tenants });
    if (result.failed.length > 0) logger.warn('detection failed for some tenants', { failed: result.failed.length });
    if (result.anomalies > 0) logger.info('anomalies recorded', { tenants: result.tenants, anomalies: result.anomalies });
  });
