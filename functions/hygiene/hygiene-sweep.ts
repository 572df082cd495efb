/**
 * The hygiene sweep (schedule `hygiene-sweep`, every 10 minutes): sweeps the next slice of today's
 * tenants — expiring and too-old keys, inactive agents — and announces what it finds
 * (shared/hygiene/hygiene-sweep.ts). Once every tenant was swept today, a run does nothing.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import type { ScheduledInvocation } from '../../shared/manifest/schedules';
import { logger } from '../_lib/logger';
import { hygieneSweep } from '../_lib/compose/hygiene';

export const handler = middy<ScheduledInvocation, void, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async function sweepHygiene(invocation) {
    const run = await (await hygieneSweep()).run();
    logger.debug('hygiene run', { scheduledAt: invocation.scheduledAt, ...run, failed: run.failed.length });
    if (run.failed.length > 0) logger.warn('hygiene sweep failed for some tenants', { failed: run.failed.length, day: run.day });
    if (run.findings > 0 || run.staleApprovals > 0 || run.expiredGrants > 0)
      logger.info('hygiene findings recorded', {
        tenants: run.tenants,
        findings: run.findings,
        staleApprovals: run.staleApprovals,
        expiredGrants: run.expiredGrants,
        day: run.day,
      });
  });
