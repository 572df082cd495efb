/**
 * The audit digests' DynamoDB store against DynamoDB Local: an hour with more leaves than one item
 * holds comes back whole and in order; the head moves only from where the caller saw it; listing
 * pages by hour and stops before `toHour`; the neighbours of an hour; and the audit records of one
 * partition and hour read back in their public form, sort-key order; the leaves the audit stream
 * captured, kept by hour and read back with each position's first capture.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { decisionItem } from '../../../shared/adapters/dynamodb/dynamodb-decision-store';
import { capturedRecordOf, createDynamoDbDigestStore } from '../../../shared/adapters/dynamodb/dynamodb-digest-store';
import { singleClient } from '../../../shared/adapters/dynamodb/tenant-clients';
import { auditPartitionOf } from '../../../shared/audit/audit-shards';
import { type Leaf, positionOf } from '../../../shared/audit/digest';
import { recordHash } from '../../../shared/audit/merkle';
import type { DigestHead, StoredDigest } from '../../../shared/audit/digest-ports';
import type { DecisionRecord } from '../../../shared/decisions/decision-record';
import { ConflictError } from '../../../shared/kernel/errors';
import { createTestTables, type TestTables } from '../../support/test-tables';

const hash = (n: number) => Buffer.alloc(32, n % 251).toString('base64url');
const digestAt = (hour: string, sequence: number, leaves: Record<string, Leaf[]> = {}): StoredDigest => ({
  sequence,
  hour,
  jws: `jws-of-${sequence}`,
  leaves,
});
const headAfter = (digest: StoredDigest): DigestHead => ({
  sequence: digest.sequence,
  lastHash: `hash-${digest.sequence}`,
  spanFrom: digest.hour,
  through: digest.hour,
});

describe('Adapter: createDynamoDbDigestStore', () => {
  let tables: TestTables;
  let store: ReturnType<typeof createDynamoDbDigestStore>;

  beforeAll(async () => {
    tables = await createTestTables();
    store = createDynamoDbDigestStore(singleClient(tables.documentClient), { control: tables.names.control, audit: tables.names.audit });
  });

  it('keeps an hour of 4,500 leaves (three items) and reads them back whole and in order', async () => {
    const leaves: Leaf[] = Array.from({ length: 4_500 }, (_, i) => [
      `2026-12-01T09:00:00.${String(i).padStart(4, '0')}Z#dec_${i}`,
      hash(i),
    ]);
    const digest = digestAt('2026-12-01T09:00:00.000Z', 1, { '3': leaves, '5': leaves.slice(0, 2) });
    await store.advance('big', headAfter(digest), undefined, digest);
    const [read] = (await store.list('big', { fromHour: '2026-12-01T00:00:00.000Z', toHour: '2026-12-02T00:00:00.000Z' }, { limit: 10 }))
      .items;
    expect(read).toEqual(digest);
    expect(await store.head('big')).toEqual(headAfter(digest));
  });

  it('moves the head only from the head the caller saw', async () => {
    const first = digestAt('2026-12-01T09:00:00.000Z', 1);
    await store.advance('race', headAfter(first), undefined, first);
    const second = digestAt('2026-12-01T10:00:00.000Z', 2);
    await expect(store.advance('race', headAfter(second), undefined, second)).rejects.toBeInstanceOf(ConflictError);
    const stale = { ...headAfter(first), through: '2026-12-01T08:00:00.000Z' };
    await expect(store.advance('race', headAfter(second), stale, second)).rejects.toBeInstanceOf(ConflictError);
    await store.advance('race', headAfter(second), headAfter(first), second);
    expect((await store.head('race'))?.sequence).toBe(2);
  });

  it('lists digests by hour, a page at a time, stopping before toHour, and finds the neighbours of an hour', async () => {
    const hours = ['2026-12-01T09:00:00.000Z', '2026-12-01T11:00:00.000Z', '2026-12-01T12:00:00.000Z', '2026-12-02T00:00:00.000Z'];
    let head: DigestHead | undefined;
    for (const [index, hour] of hours.entries()) {
      const digest = digestAt(hour, index + 1);
      await store.advance('pages', headAfter(digest), head, digest);
      head = headAfter(digest);
    }
    const range = { fromHour: '2026-12-01T10:00:00.000Z', toHour: '2026-12-02T00:00:00.000Z' };
    const first = await store.list('pages', range, { limit: 1 });
    expect(first.items.map((digest) => digest.hour)).toEqual([hours[1]]);
    expect(first.more).toBe(true);
    const rest = await store.list('pages', range, { limit: 10, after: hours[1]! });
    expect(rest).toMatchObject({ items: [{ hour: hours[2] }], more: false });
    expect((await store.neighbour('pages', hours[1]!, 'before'))?.hour).toBe(hours[0]);
    expect((await store.neighbour('pages', hours[2]!, 'after'))?.hour).toBe(hours[3]);
    expect(await store.neighbour('pages', hours[0]!, 'before')).toBeUndefined();
    expect(await store.list('other', range, { limit: 10 })).toEqual({ items: [], more: false });
  });

  it("reads one partition's records of an hour in sort-key order, in their public form, and the tenant's first record time", async () => {
    const at = (minute: string, ms = '000') => `2026-12-03T10:${minute}:00.${ms}Z`;
    const records = [at('05'), at('00', '001'), at('59', '999'), '2026-12-03T11:00:00.000Z', '2026-12-03T09:59:59.999Z'].map(
      (time, i) =>
        ({
          id: `dec_${i}`,
          at: time,
          kind: 'decision',
          tenantId: 'reader',
          agent: { id: 'agt_1', name: 'bot' },
          request: { action: 'work:do', context: { '': 'empty key' } },
          effect: 'allow',
          expiresAtEpoch: 1,
        }) as unknown as DecisionRecord,
    );
    for (const record of records)
      await tables.documentClient.send(new PutCommand({ TableName: tables.names.audit, Item: decisionItem(record) }));
    const hour = { from: '2026-12-03T10:00:00.000Z', to: '2026-12-03T11:00:00.000Z' };
    const read = (
      await Promise.all(
        [...new Set(records.map((record) => auditPartitionOf('reader', record.at, record.id).shard))].map((shard) =>
          store.records({ tenantId: 'reader', day: '2026-12-03', shard }, hour, 100),
        ),
      )
    ).flat();
    expect(read.map((record) => record.id).sort()).toEqual(['dec_0', 'dec_1', 'dec_2']);
    expect(read[0]).not.toHaveProperty('pk');
    expect(read[0]).not.toHaveProperty('expiresAtEpoch');
    expect(read.find((record) => record.id === 'dec_0')).toMatchObject({ request: { context: { '': 'empty key' } } });
    expect(await store.firstRecordAt('reader', hour)).toBe(at('00', '001'));
    expect(await store.firstRecordAt('reader', { from: '2026-12-03T12:00:00.000Z', to: '2026-12-05T00:00:00.000Z' })).toBeUndefined();
  });

  it("keeps captured leaves by hour, reads back each position's first capture, and finds the first hour captured", async () => {
    const nine = '2026-12-04T09:00:00.000Z';
    const leaf = (minute: number, n: number): Leaf => [`2026-12-04T09:${String(minute).padStart(2, '0')}:00.000Z#dec_${minute}`, hash(n)];
    await store.put('capture', nine, `${'2'.padStart(40, '0')}#000`, [leaf(1, 1), leaf(2, 2)]);
    // A later capture of a position already captured (a record removed and written again) does not replace it.
    await store.put('capture', nine, `${'3'.padStart(40, '0')}#000`, [leaf(2, 99), leaf(3, 3)]);
    await store.put('capture', '2026-12-04T11:00:00.000Z', `${'4'.padStart(40, '0')}#000`, [leaf(4, 4)]);
    expect(await store.leavesOf('capture', nine, 100)).toEqual([leaf(1, 1), leaf(2, 2), leaf(3, 3)]);
    await expect(store.leavesOf('capture', nine, 2)).rejects.toBeInstanceOf(RangeError);
    expect(await store.firstHour('capture', { from: '2026-12-04T00:00:00.000Z', to: '2026-12-05T00:00:00.000Z' })).toBe(nine);
    expect(await store.firstHour('capture', { from: '2026-12-04T10:00:00.000Z', to: '2026-12-04T11:00:00.000Z' })).toBeUndefined();
    expect(await store.firstHour('capture', { from: '2026-12-04T10:00:00.000Z', to: '2026-12-04T12:00:00.000Z' })).toBe(
      '2026-12-04T11:00:00.000Z',
    );
  });

  it("reads a new item of the audit stream as the table's read gives the record, so both hash alike", async () => {
    const record = {
      id: 'dec_stream',
      at: '2026-12-05T10:00:00.000Z',
      kind: 'decision',
      tenantId: 'streamed',
      agent: { id: 'agt_1', name: 'bot' },
      request: { action: 'work:do', context: { nested: { b: 1, a: [2, 1] } } },
      effect: 'allow',
      expiresAtEpoch: 1,
    } as unknown as DecisionRecord;
    const item = decisionItem(record);
    await tables.documentClient.send(new PutCommand({ TableName: tables.names.audit, Item: item }));
    const partition = auditPartitionOf('streamed', record.at, record.id);
    const [read] = await store.records(partition, { from: record.at, to: '2026-12-05T11:00:00.000Z' }, 10);
    const captured = capturedRecordOf(item, '12345');
    expect(captured).toMatchObject({ tenantId: 'streamed', sequence: '12345' });
    expect(recordHash(captured!.record)).toBe(recordHash(read!));
    expect(positionOf(captured!.record)).toBe(positionOf(read!));
  });
});
