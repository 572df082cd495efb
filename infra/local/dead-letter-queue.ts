/**
 * The local dead-letter "queue": the stream readers and the event bus append what failed every
 * retry to one file (`<dataDir>/dead-letters.jsonl`, a line each); the local AWS endpoint answers
 * SQS's GetQueueAttributes for this queue's URL from it, so the platform metrics route counts dead
 * letters with the same call it makes on AWS.
 */
import { existsSync, readFileSync } from 'node:fs';
import { AwsError, type AwsOperation } from './aws-endpoint';

/** The local queue's URL on the AWS endpoint (the account id is SQS's placeholder). */
export const localDeadLetterQueueUrl = (awsEndpoint: string) => `${awsEndpoint}/000000000000/warden-dead-letters`;

/** Lines (dead letters) in the file; 0 while it does not exist. */
export function deadLettersIn(file: string): number {
  if (!existsSync(file)) return 0;
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0).length;
}

/** `AmazonSQS.GetQueueAttributes` for the local queue: its message count, every dead letter visible. */
export function localDeadLetterQueueOperations(options: { queueUrl: string; file: string }): Record<string, AwsOperation> {
  return {
    'AmazonSQS.GetQueueAttributes': (input) => {
      if (input.QueueUrl !== options.queueUrl) throw new AwsError('AWS.SimpleQueueService.NonExistentQueue', 'The queue does not exist');
      return {
        Attributes: {
          ApproximateNumberOfMessages: String(deadLettersIn(options.file)),
          ApproximateNumberOfMessagesNotVisible: '0',
          ApproximateNumberOfMessagesDelayed: '0',
        },
      };
    },
  };
}
