/**
 * The dead-letter queues read through SQS's GetQueueAttributes: messages visible, in flight and
 * delayed, summed over the queues (each an approximate count, as SQS gives it). The same call
 * reaches the local runtime's AWS endpoint, which answers it from the dead-letter file.
 */
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeadLetterQueues } from '../../metrics/dead-letters';

const COUNTS = ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] as const;

export function createSqsDeadLetterQueues(client: SQSClient, queueUrls: readonly string[]): DeadLetterQueues {
  return {
    async waiting() {
      const counts = await Promise.all(
        queueUrls.map(async (QueueUrl) => {
          const { Attributes = {} } = await client.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: [...COUNTS] }));
          return COUNTS.reduce((sum, name) => sum + (Number(Attributes[name] ?? 0) || 0), 0);
        }),
      );
      return counts.reduce((sum, count) => sum + count, 0);
    },
  };
}
