import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PipeRecord, startStreamReader, type StreamDelivery } from '../../../infra/local/stream-pipe';
import { eventually } from '../../support/warden-client';
import { keysOf, writeAuditItems } from '../../support/audit-stream-items';
import { createTestTables, localSdkConfig, type TestTables } from '../../support/test-tables';

/**
 * The local stream reader keeps up with a backlog: batches as large as the consumer allows, in
 * stream order, and a batch that was never handled is never checkpointed.
 */
describe('local stream reader: batches and stops (DynamoDB Local)', () => {
  let tables: TestTables;
  let streams: DynamoDBStreamsClient;
  let streamArn: string;
  const readers: { stop(): Promise<void> }[] = [];

  beforeAll(async () => {
    tables = await createTestTables();
    streams = new DynamoDBStreamsClient(localSdkConfig(tables.endpoint));
    streamArn = (await tables.client.send(new DescribeTableCommand({ TableName: tables.names.audit }))).Table!.LatestStreamArn!;
  });

  afterAll(async () => {
    await Promise.all(readers.map((reader) => reader.stop()));
    streams?.destroy();
  });

  const start = (deliver: StreamDelivery, checkpointFile: string, batchSize?: number, eventNames?: string[]) => {
    const reader = startStreamReader({
      id: 'test',
      streamArn,
      streams,
      pollIntervalMs: 20,
      ...(batchSize === undefined ? {} : { batchSize }),
      ...(eventNames === undefined ? {} : { eventNames }),
      checkpointFile,
      deadLetterFile: join(mkdtempSync(join(tmpdir(), 'warden-stream-')), 'dead-letters.jsonl'),
      deliver,
    });
    readers.push(reader);
    return reader;
  };

  const write = (prefix: string, count: number) => writeAuditItems(tables, prefix, count);

  it('hands a backlog over in batches as large as the consumer allows, in stream order', async () => {
    // Prepare
    await write('backlog', 1200);
    const batches: PipeRecord[][] = [];
    // Act
    start(async (records) => void batches.push(records), join(mkdtempSync(join(tmpdir(), 'warden-stream-')), 'checkpoint.json'), 500);
    const delivered = await eventually(
      async () => {
        const keys = keysOf(batches.flat(), 'backlog');
        return keys.length >= 1200 ? keys : undefined;
      },
      { timeoutMs: 20_000 },
    );
    // Assess
    expect(delivered).toEqual(Array.from({ length: 1200 }, (_, i) => `backlog-${String(i).padStart(4, '0')}`));
    expect(Math.max(...batches.map((batch) => batch.length))).toBe(500);
  });

  it('does not checkpoint a batch it was stopped before handling: the next reader delivers it', async () => {
    // Prepare
    const checkpointFile = join(mkdtempSync(join(tmpdir(), 'warden-stream-')), 'checkpoint.json');
    let attempts = 0;
    const refusing = start(async () => {
      attempts++;
      throw new Error('consumer down');
    }, checkpointFile);
    await eventually(async () => (attempts >= 1 ? true : undefined));
    // Act
    await refusing.stop();
    const delivered: PipeRecord[] = [];
    start(async (records) => void delivered.push(...records), checkpointFile);
    // Assess
    const keys = await eventually(
      async () => {
        const found = keysOf(delivered, 'backlog');
        return found.length >= 1200 ? found : undefined;
      },
      { timeoutMs: 20_000 },
    );
    expect(keys[0]).toBe('backlog-0000');
    expect(keys).toHaveLength(1200);
  });

  it('passes over the kinds of record it is not given, checkpointing past them, as a filter on AWS does', async () => {
    // Prepare: an insert, a change and a removal of one item, then a second insert
    const key = { pk: 'filter#AUDIT#2026-11-24#0', sk: 'filter-0000' };
    await tables.documentClient.send(new PutCommand({ TableName: tables.names.audit, Item: key }));
    await tables.documentClient.send(new PutCommand({ TableName: tables.names.audit, Item: { ...key, changed: true } }));
    await tables.documentClient.send(new DeleteCommand({ TableName: tables.names.audit, Key: key }));
    await tables.documentClient.send(new PutCommand({ TableName: tables.names.audit, Item: { ...key, sk: 'filter-0001' } }));
    const checkpointFile = join(mkdtempSync(join(tmpdir(), 'warden-stream-')), 'checkpoint.json');
    const delivered: PipeRecord[] = [];
    // Act
    const reader = start(async (records) => void delivered.push(...records), checkpointFile, undefined, ['INSERT']);
    await eventually(async () => (keysOf(delivered, 'filter').includes('filter-0001') ? true : undefined), { timeoutMs: 20_000 });
    await reader.stop();
    const again: PipeRecord[] = [];
    const next = start(async (records) => void again.push(...records), checkpointFile);
    await write('after-filter', 1);
    await eventually(async () => (keysOf(again, 'after-filter').length === 1 ? true : undefined), { timeoutMs: 20_000 });
    await next.stop();
    // Assess
    const ofItem = delivered.filter((record) => record.dynamodb.Keys?.sk?.S?.startsWith('filter'));
    expect(ofItem.map((record) => [record.eventName, record.dynamodb.Keys?.sk?.S])).toEqual([
      ['INSERT', 'filter-0000'],
      ['INSERT', 'filter-0001'],
    ]);
    expect(keysOf(again, 'filter')).toEqual([]);
  });
});
