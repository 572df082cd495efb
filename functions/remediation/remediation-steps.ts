/**
 * The remediation state machine's task function (shared/manifest/workflows/remediation.asl.json):
 * `run` does one step of a run (once) and says what comes next; `await` keeps the task token of a
 * step waiting for a person, and fails when the step no longer waits so the machine reads the run
 * again; `fail` marks a run whose step failed past its retries.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import type { StepAnswer } from '../../shared/remediation/remediations';
import { remediations } from '../_lib/compose/remediation';
import { logger } from '../_lib/logger';

const run = { tenantId: z.string().min(1), runId: z.string().min(1) };
const StepSchema = z.discriminatedUnion('step', [
  z.object({ step: z.literal('run'), ...run, index: z.number().int().min(0).max(100) }),
  z.object({ step: z.literal('await'), ...run, index: z.number().int().min(0).max(100), taskToken: z.string().min(1) }),
  z.object({ step: z.literal('fail'), ...run, error: z.unknown() }),
]);

const causeOf = (error: unknown): string => {
  if (error && typeof error === 'object') {
    const { Error: name, Cause: cause } = error as { Error?: unknown; Cause?: unknown };
    return `${String(name ?? 'Error')}: ${String(cause ?? '')}`;
  }
  return String(error);
};

export const handler = middy<unknown, StepAnswer | { waiting: true } | { failed: true }, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async function remediationStep(event) {
    const input = StepSchema.parse(event);
    logger.appendKeys({ tenantId: input.tenantId, runId: input.runId, step: input.step });
    const service = await remediations();
    switch (input.step) {
      case 'run':
        return service.runStep(input.tenantId, input.runId, input.index);
      case 'await':
        await service.awaitStep(input.tenantId, input.runId, input.index, input.taskToken);
        return { waiting: true };
      case 'fail':
        logger.error('remediation step failed past its retries', { cause: causeOf(input.error) });
        await service.failRun(input.tenantId, input.runId, causeOf(input.error));
        return { failed: true };
    }
  });
