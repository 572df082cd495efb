/**
 * The weekly maturity snapshots (schedule `maturity-snapshot`, hourly): assesses the next slice of
 * this week's tenants and keeps each assessment as the tenant's snapshot of the week
 * (shared/maturity/maturity-snapshots.ts). Once every tenant has this week's, a run does nothing.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import type { ScheduledInvocation } from '../../shared/manifest/schedules';
import { logger } from '../_lib/logger';
import { maturitySnapshots } from '../_lib/compose/maturity';

export const handler = middy<ScheduledInvocation, void, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async function snapshotMaturity(invocation, context) {
    const run = await (await maturitySnapshots()).run({ timeLeftMs: () => context.getRemainingTimeInMillis() });
    if (run.failed.length > 0) logger.warn('maturity snapshots failed for some tenants', { failed: run.failed.length, week: run.week });
    if (run.snapshots > 0)
      logger.info('maturity snapshots kept', { snapshots: run.snapshots, week: run.week, scheduledAt: invocation.scheduledAt });
  });
