/**
 * What the platform view needs beyond the manifest's table access:
 * - every function that answers API routes or consumes a stream writes its operational notes
 *   (answer counts, stream takes; a scheduled job its cursor) to one partition of the control table, `~platform#OPS`, with its
 *   own credentials: PutItem and UpdateItem on items whose partition key is exactly that, nothing
 *   else (dynamodb:LeadingKeys), so a tenant-scoped function still reaches no tenant's items itself;
 * - a function the manifest lets read the dead-letter queues gets their URLs and
 *   sqs:GetQueueAttributes on them, and nothing more of SQS.
 * Called once every queue exists (the queues are found in the stack, as the alarms find them).
 */
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { OPS_PARTITION } from '../../shared/metrics/ops-store';
import { STREAM_CONSUMERS } from '../../shared/manifest/event-flows';
import { SCHEDULES } from '../../shared/manifest/schedules';
import { FUNCTIONS } from '../../shared/manifest/functions';
import { ROUTES } from '../../shared/manifest/routes';
import type { WardenFunctions } from './functions';

/** The actions a function may use on its operational notes. */
export const OPS_NOTE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem'];

/** Functions that note their answers (authenticated routes) or their stream takes (stream consumers). */
export const OPS_NOTE_WRITERS: readonly string[] = [
  ...new Set([
    ...Object.values(ROUTES)
      .filter((route) => route.auth !== 'none')
      .map((route) => route.function),
    ...STREAM_CONSUMERS.map((consumer) => consumer.consumer),
    ...SCHEDULES.filter((schedule) => schedule.keepsOpsCursor).map((schedule) => schedule.target),
  ]),
].sort();

export function grantOpsNotes(scope: Construct, functions: WardenFunctions, control: TableV2): void {
  for (const id of OPS_NOTE_WRITERS) {
    functions.get(id).addToRolePolicy(
      new PolicyStatement({
        sid: 'OpsNotes',
        actions: OPS_NOTE_ACTIONS,
        resources: [control.tableArn],
        conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [OPS_PARTITION] } },
      }),
    );
  }

  const queues = scope.node.findAll().filter((construct): construct is Queue => construct instanceof Queue);
  for (const spec of FUNCTIONS.filter((candidate) => candidate.deadLetterQueues === 'read')) {
    const fn = functions.get(spec.id);
    fn.addEnvironment('WARDEN_DEAD_LETTER_QUEUES', queues.map((queue) => queue.queueUrl).join(','));
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'DeadLetterDepths',
        actions: ['sqs:GetQueueAttributes'],
        resources: queues.map((queue) => queue.queueArn),
      }),
    );
  }
}
