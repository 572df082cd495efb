/**
 * The local dead-letter queue through the real SQS client and the SQS adapter: the local AWS
 * endpoint answers GetQueueAttributes from the dead-letter file, a line per dead letter, as the
 * platform metrics route asks it on AWS.
 */
import { appendFileSync, mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsEndpoint } from '../../../infra/local/aws-endpoint';
import { localDeadLetterQueueOperations, localDeadLetterQueueUrl } from '../../../infra/local/dead-letter-queue';
import { createSqsDeadLetterQueues } from '../../../shared/adapters/sqs/sqs-dead-letters';

describe('Local dead-letter queue', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'warden-dlq-')), 'dead-letters.jsonl');
  let server: Server;
  let endpoint: string;
  let client: SQSClient;

  beforeAll(async () => {
    let queueUrl = '';
    server = createAwsEndpoint({
      'AmazonSQS.GetQueueAttributes': (input) => localDeadLetterQueueOperations({ queueUrl, file })['AmazonSQS.GetQueueAttributes']!(input),
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
    const address = server.address();
    endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    queueUrl = localDeadLetterQueueUrl(endpoint);
    client = new SQSClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  });
  afterAll(() => {
    client.destroy();
    return new Promise<void>((done) => server.close(() => done()));
  });

  it('counts nothing while no dead letter was written, then every line of the file', async () => {
    const queues = createSqsDeadLetterQueues(client, [localDeadLetterQueueUrl(endpoint)]);
    expect(await queues.waiting()).toBe(0);
    appendFileSync(file, `${JSON.stringify({ reader: 'usage-meter', error: 'x', records: [] })}\n`);
    appendFileSync(file, `${JSON.stringify({ rule: 'notify', event: {}, error: 'y' })}\n`);
    expect(await queues.waiting()).toBe(2);
  });

  it('counts nothing without queues, and refuses a queue it does not hold', async () => {
    expect(await createSqsDeadLetterQueues(client, []).waiting()).toBe(0);
    await expect(createSqsDeadLetterQueues(client, [`${endpoint}/000000000000/other`]).waiting()).rejects.toThrow();
  });
});
