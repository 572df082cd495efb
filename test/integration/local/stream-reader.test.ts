import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PipeRecord, startStreamReader } from '../../../infra/local/stream-pipe';
import { eventually } from '../../support/warden-client';
import { createTestTables, localSdkConfig, type TestTables } from '../../support/test-tables';

describe('local stream reader (DynamoDB Local)', () => {
  let tables: TestTables;
  let streams: DynamoDBStreamsClient;
  const delivered: PipeRecord[] = [];
  let reader: ReturnType<typeof startStreamReader>;
  let failNext = 0;

  beforeAll(async () => {
    tables = await createTestTables();
    streams = new DynamoDBStreamsClient(localSdkConfig(tables.endpoint));
    const streamArn = (await tables.client.send(new DescribeTableCommand({ TableName: tables.names.audit }))).Table!.LatestStreamArn!;
    const dir = mkdtempSync(join(tmpdir(), 'warden-stream-'));
    reader = startStreamReader({
      id: 'test',
      streamArn,
      streams,
      pollIntervalMs: 20,
      checkpointFile: join(dir, 'checkpoint.json'),
      deadLetterFile: join(dir, 'dead-letters.jsonl'),
      deliver: async (records) => {
        if (failNext > 0) {
          failNext--;
          throw new Error('consumer down');
        }
        delivered.push(...records);
      },
    });
  });

  afterAll(async () => {
    await reader?.stop();
    streams?.destroy();
  });

  const putAudit = (sk: string) =>
    tables.documentClient.send(new PutCommand({ TableName: tables.names.audit, Item: { pk: 'reader#AUDIT#2026-11-24', sk } }));
  const deliveredKeys = () => delivered.map((record) => record.dynamodb.Keys?.sk?.S);

  it('keeps reading after another table is written while its shard is empty (DynamoDB Local declares the iterator trimmed)', async () => {
    await new Promise((resolve) => setTimeout(resolve, 200)); // the reader holds an iterator on the empty shard
    await tables.documentClient.send(new PutCommand({ TableName: tables.names.control, Item: { pk: 'elsewhere', sk: 'x' } }));
    await putAudit('1');
    await putAudit('2');
    expect(await eventually(async () => (delivered.length >= 2 ? deliveredKeys() : undefined))).toEqual(['1', '2']);
  });

  it('retries a batch the consumer refused, in order, without skipping or repeating records', async () => {
    failNext = 2;
    await putAudit('3');
    await putAudit('4');
    expect(await eventually(async () => (delivered.length >= 4 ? deliveredKeys() : undefined), { timeoutMs: 15_000 })).toEqual([
      '1',
      '2',
      '3',
      '4',
    ]);
  });
});
