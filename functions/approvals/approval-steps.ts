/**
 * The approval state machine's task function (shared/manifest/workflows/approval.asl.json): one
 * handler, three idempotent steps chosen by `step`. `state` and `timeout` return where the approval
 * stands; `await` stores the task token, and fails when the approval is already settled so the
 * machine reads the state again and ends.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import type { WorkflowState } from '../../shared/approvals/approval-workflow';
import { logger } from '../_lib/logger';
import { approvalServices } from '../_lib/compose/approvals';

const StepSchema = z.discriminatedUnion('step', [
  z.object({ step: z.literal('state'), tenantId: z.string().min(1), approvalId: z.string().min(1) }),
  z.object({ step: z.literal('await'), tenantId: z.string().min(1), approvalId: z.string().min(1), taskToken: z.string().min(1) }),
  z.object({ step: z.literal('timeout'), tenantId: z.string().min(1), approvalId: z.string().min(1) }),
]);

/** Thrown by `await` when there is nothing to wait for; the state machine catches it. */
class ApprovalSettled extends Error {
  override readonly name = 'ApprovalSettled';
}

export const handler = middy<unknown, WorkflowState | { waiting: true }, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async function approvalStep(event) {
    const input = StepSchema.parse(event);
    logger.appendKeys({ tenantId: input.tenantId, approvalId: input.approvalId, step: input.step });
    const { approvals } = await approvalServices();
    switch (input.step) {
      case 'state':
        return approvals.stepState(input.tenantId, input.approvalId);
      case 'timeout':
        return approvals.stepTimeout(input.tenantId, input.approvalId);
      case 'await': {
        const { waiting } = await approvals.stepAwait(input.tenantId, input.approvalId, input.taskToken);
        if (!waiting) throw new ApprovalSettled(`Approval ${input.approvalId} is settled`);
        return { waiting: true };
      }
    }
  });
