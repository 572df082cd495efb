/**
 * The audit digests (schedule `audit-digests`, hourly): seals every tenant's finished hours into
 * signed, chained digests (shared/audit/digest-sealing.ts). Off the decision path: it reads the
 * audit table after the hour.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import type { ScheduledInvocation } from '../../shared/manifest/schedules';
import { digestSealing } from '../_lib/compose/audit-digest-sealing';
import { logger } from '../_lib/logger';

export const handler = middy<ScheduledInvocation, void, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async function sealAuditDigests(invocation, context) {
    const run = await (await digestSealing()).run({ timeLeftMs: () => context.getRemainingTimeInMillis() });
    if (run.failed.length > 0) logger.warn('audit digests failed for some tenants', { failed: run.failed.slice(0, 20) });
    if (run.unarchived > 0) logger.warn('audit digests kept but not archived', { unarchived: run.unarchived });
    if (run.digests > 0)
      logger.info('audit digests sealed', { digests: run.digests, tenants: run.tenants, scheduledAt: invocation.scheduledAt });
  });
