import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PipeRecord, type StreamConsumerOptions, startStreamTap } from '../../../infra/local/stream-pipe';
import { eventually } from '../../support/warden-client';
import { keysOf, writeAuditItems } from '../../support/audit-stream-items';
import { createTestTables, localSdkConfig, type TestTables } from '../../support/test-tables';

/**
 * The local runtime reads a table's stream once for all of its consumers: each still gets every
 * record once, in order, in its own batches, and moves at its own pace from its own position.
 */
describe('local stream tap: one reader, many consumers (DynamoDB Local)', () => {
  let tables: TestTables;
  let streams: DynamoDBStreamsClient;
  let streamArn: string;
  const taps: { stop(): Promise<void> }[] = [];

  beforeAll(async () => {
    tables = await createTestTables();
    streams = new DynamoDBStreamsClient(localSdkConfig(tables.endpoint));
    streamArn = (await tables.client.send(new DescribeTableCommand({ TableName: tables.names.audit }))).Table!.LatestStreamArn!;
  });

  afterAll(async () => {
    await Promise.all(taps.map((tap) => tap.stop()));
    streams?.destroy();
  });

  const scratch = () => mkdtempSync(join(tmpdir(), 'warden-tap-'));
  const start = (consumers: StreamConsumerOptions[]) => {
    const tap = startStreamTap({
      id: 'test',
      streamArn,
      streams,
      pollIntervalMs: 20,
      consumers,
      deadLetterFile: join(scratch(), 'dl.jsonl'),
    });
    taps.push(tap);
    return tap;
  };

  const write = (prefix: string, count: number) => writeAuditItems(tables, prefix, count);
  const expected = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(4, '0')}`);
  const receivedAll = (batches: PipeRecord[][], prefix: string, count: number) =>
    eventually(
      async () => {
        const keys = keysOf(batches.flat(), prefix);
        return keys.length >= count ? keys : undefined;
      },
      { timeoutMs: 20_000 },
    );

  it('hands every consumer each record once, in order, in batches of its own size and of the kinds it takes', async () => {
    // Prepare: a backlog of 1,200 inserts, then a change of the first
    await write('shared', 1200);
    const first = { pk: 'shared#AUDIT#2026-11-24#0', sk: 'shared-0000' };
    await tables.documentClient.send(new PutCommand({ TableName: tables.names.audit, Item: { ...first, changed: true } }));
    const [small, large]: [PipeRecord[][], PipeRecord[][]] = [[], []];
    // Act
    start([
      { id: 'small', deliver: async (records) => void small.push(records), batchSize: 100, checkpointFile: join(scratch(), 'cp.json') },
      {
        id: 'large',
        deliver: async (records) => void large.push(records),
        batchSize: 500,
        eventNames: ['INSERT'],
        checkpointFile: join(scratch(), 'cp.json'),
      },
    ]);
    // Assess
    expect(await receivedAll(small, 'shared', 1201)).toEqual([...expected('shared', 1200), 'shared-0000']);
    expect(small.flat().filter((record) => record.eventName === 'MODIFY')).toHaveLength(1);
    expect(Math.max(...small.map((batch) => batch.length))).toBe(100);
    expect(await receivedAll(large, 'shared', 1200)).toEqual(expected('shared', 1200));
    expect(Math.max(...large.map((batch) => batch.length))).toBe(500);
    expect(large.flat().every((record) => record.eventName === 'INSERT')).toBe(true);
  });

  it('keeps handing records to the others while one consumer refuses, and hands that one the same records once it recovers', async () => {
    // Prepare
    const [steady, refusing]: [PipeRecord[][], PipeRecord[][]] = [[], []];
    let refuse = true;
    let refusals = 0;
    start([
      { id: 'steady', deliver: async (records) => void steady.push(records), checkpointFile: join(scratch(), 'cp.json') },
      {
        id: 'refusing',
        deliver: async (records) => {
          if (refuse) {
            refusals++;
            throw new Error('consumer down');
          }
          refusing.push(records);
        },
        maxAttempts: 1000,
        checkpointFile: join(scratch(), 'cp.json'),
      },
    ]);
    // Act
    await write('pace', 300);
    const steadyKeys = await receivedAll(steady, 'pace', 300);
    const refusedMeanwhile = refusals;
    refuse = false;
    // Assess
    expect(steadyKeys).toEqual(expected('pace', 300));
    expect(refusedMeanwhile).toBeGreaterThan(0);
    expect(await receivedAll(refusing, 'pace', 300)).toEqual(expected('pace', 300));
  });

  it('starts again from the earliest position of its consumers, handing each only the records after its own', async () => {
    // Prepare: one consumer takes a backlog, the other refuses it, then the reader stops
    const [aheadFile, behindFile] = [join(scratch(), 'ahead.json'), join(scratch(), 'behind.json')];
    const ahead: PipeRecord[][] = [];
    let attempts = 0;
    const first = start([
      { id: 'ahead', deliver: async (records) => void ahead.push(records), checkpointFile: aheadFile },
      {
        id: 'behind',
        deliver: async () => {
          attempts++;
          throw new Error('consumer down');
        },
        maxAttempts: 1000,
        checkpointFile: behindFile,
      },
    ]);
    await write('restart', 200);
    await receivedAll(ahead, 'restart', 200);
    await eventually(async () => (attempts > 0 ? true : undefined));
    await first.stop();
    // Act
    const [aheadAgain, behindAgain]: [PipeRecord[][], PipeRecord[][]] = [[], []];
    start([
      { id: 'ahead', deliver: async (records) => void aheadAgain.push(records), checkpointFile: aheadFile },
      { id: 'behind', deliver: async (records) => void behindAgain.push(records), checkpointFile: behindFile },
    ]);
    await write('after-restart', 1);
    // Assess
    expect(await receivedAll(behindAgain, 'restart', 200)).toEqual(expected('restart', 200));
    await receivedAll(aheadAgain, 'after-restart', 1);
    expect(keysOf(aheadAgain.flat(), 'restart')).toEqual([]);
    expect(keysOf(ahead.flat(), 'restart')).toEqual(expected('restart', 200));
  });
});
