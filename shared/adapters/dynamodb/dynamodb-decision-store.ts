/**
 * Decision records on DynamoDB, in the audit table, whose stream turns each into `Decision.Made`
 * and into usage (shared/usage/usage-meter.ts). A single decision is one PutItem, a batch is
 * BatchWriteItem calls; with an Idempotency-Key the records and the claim holding the first
 * answer for replays are transactions. Every answer has its record, or none is given.
 */
import pLimit from 'p-limit';
import { BatchWriteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { AUDIT_SHARDS, type AuditPartition, shardsOfDay } from '../../audit/audit-shards';
import type { DecisionRecord } from '../../decisions/decision-record';
import type { ClaimedAnswers, DecisionStore, IdempotencyClaim } from '../../decisions/decision-store';
import { ConflictError, DependencyUnavailableError } from '../../kernel/errors';
import { type ChunkSource, mergeFirst } from '../../kernel/merge-ordered';
import { recordOf } from './item-mapping';
import { auditKeys, controlKeys, type ItemKey } from './keys';
import { batchGet } from './batch-get';
import { translateErrors } from './sdk-errors';
import type { TenantClients } from './tenant-clients';
import { type TransactItem, transactWrite } from './transact-write';

export interface DecisionTables {
  readonly audit: string;
  readonly control: string;
}

const DAY_MS = 86_400_000;
/** Records per transaction (with an Idempotency-Key): 100 items at most, less the claim. */
const RECORDS_PER_TRANSACTION = 99;
/** Items per BatchWriteItem call (DynamoDB's limit). */
const RECORDS_PER_BATCH_WRITE = 25;
/** BatchWriteItem calls in flight at once for one request (a shipment of 1,000 local decisions is 40 calls). */
const BATCH_WRITES_AT_ONCE = 8;
/** Rounds of retrying what DynamoDB left unprocessed before giving up with 503. */
const BATCH_WRITE_ROUNDS = 8;

/**
 * The audit-table item of a decision record. The request's free-form `context` is kept as JSON
 * text: DynamoDB refuses some JSON (empty map keys), and the audit must keep what was asked exactly.
 */
export function decisionItem(record: DecisionRecord): Record<string, unknown> {
  const { context, ...request } = record.request;
  const { pk, sk } = auditKeys.record(record.tenantId, record.at, record.id);
  const { gsi1pk, gsi1sk } = auditKeys.byAgent(record.tenantId, record.agent.id, record.at, record.id);
  // Object.assign onto a literal, not `{ ...keys, ...record }`: spreading a record of twenty fields
  // into an object that already has some takes V8's slow path (~15 µs an item, every audit write).
  const item: Record<string, unknown> = Object.assign({ pk, sk, gsi1pk, gsi1sk, itemType: 'decision' } as Record<string, unknown>, record, {
    request,
  });
  if (context !== undefined) item.requestContextJson = JSON.stringify(context);
  return item;
}

/** An audit record from its item (decision contexts parsed back). */
function auditRecordOf(item: Record<string, unknown>): Record<string, unknown> & { at: string; id: string } {
  const { requestContextJson, ...record } = recordOf<Record<string, unknown> & { at: string; id: string; requestContextJson?: string }>(
    item,
  );
  if (typeof requestContextJson !== 'string') return record;
  return { ...record, request: { ...(record.request as object), context: JSON.parse(requestContextJson) as unknown } };
}

type AuditRecord = ReturnType<typeof auditRecordOf>;

/** Where an audit record sits in its partition (its sort key). */
const positionOf = (record: AuditRecord) => `${record.at}#${record.id}`;

/**
 * One audit partition's records between `lower` and `upper`, newest first, `chunk` at a time,
 * leaving out the record at `skip` (the last one of the page before).
 */
function newestFirstIn(
  partition: AuditPartition,
  read: { client: DynamoDBDocumentClient; table: string; lower: string; upper: string; chunk: number; skip?: string },
): ChunkSource<AuditRecord> {
  let start: Record<string, unknown> | undefined;
  let ended = false;
  return async () => {
    const chunk: AuditRecord[] = [];
    while (chunk.length === 0 && !ended) {
      const result = await translateErrors(() =>
        read.client.send(
          new QueryCommand({
            TableName: read.table,
            KeyConditionExpression: 'pk = :p AND sk BETWEEN :lower AND :upper',
            ExpressionAttributeValues: { ':p': auditKeys.partition(partition), ':lower': read.lower, ':upper': read.upper },
            ScanIndexForward: false,
            Limit: read.chunk,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        ),
      );
      for (const item of result.Items ?? []) {
        const record = auditRecordOf(item);
        if (positionOf(record) !== read.skip) chunk.push(record);
      }
      start = result.LastEvaluatedKey;
      ended = start === undefined;
    }
    return chunk;
  };
}

/** Days from `to` back to `from` (inclusive), newest first, as `YYYY-MM-DD`. */
function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let ms = Date.parse(to.slice(0, 10)); ms >= Date.parse(from.slice(0, 10)); ms -= DAY_MS)
    days.push(new Date(ms).toISOString().slice(0, 10));
  return days;
}

/**
 * Writes records with BatchWriteItem, 25 per call and up to BATCH_WRITES_AT_ONCE calls in parallel, retrying what DynamoDB
 * leaves unprocessed (with backoff); throws 503 if some are still unwritten after the last round.
 */
async function batchWrite(client: DynamoDBDocumentClient, table: string, records: readonly DecisionRecord[]): Promise<void> {
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < records.length; i += RECORDS_PER_BATCH_WRITE)
    chunks.push(records.slice(i, i + RECORDS_PER_BATCH_WRITE).map(decisionItem));
  const limit = pLimit(BATCH_WRITES_AT_ONCE);
  await Promise.all(
    chunks.map(async (chunk) => {
      let pending = chunk.map((Item) => ({ PutRequest: { Item } }));
      for (let round = 0; pending.length > 0; round++) {
        if (round === BATCH_WRITE_ROUNDS) throw new DependencyUnavailableError(`${pending.length} decision records were not written`);
        if (round > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** round));
        const result = await limit(() => translateErrors(() => client.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }))));
        pending = (result.UnprocessedItems?.[table] ?? []) as typeof pending;
      }
    }),
  );
}

/** Which of `records` are items of the audit table. */
async function presentIn(
  client: DynamoDBDocumentClient,
  table: string,
  tenantId: string,
  records: readonly { at: string; id: string }[],
): Promise<Set<string>> {
  const keys = records.map(({ at, id }) => auditKeys.record(tenantId, at, id));
  const items = await batchGet(client, table, keys, { what: 'audit keys', consistentRead: true, projection: 'id' });
  return new Set(items.map((item) => String(item.id)));
}

export function createDynamoDbDecisionStore(clients: TenantClients, tables: DecisionTables): DecisionStore {
  const streamedTables = new Set([tables.audit]);
  const put = (record: DecisionRecord): TransactItem => ({
    Put: { TableName: tables.audit, Item: decisionItem(record), ConditionExpression: 'attribute_not_exists(pk)' },
  });

  /** Records with their idempotency claim: transactions, the claim with the last. */
  async function recordClaimed(client: DynamoDBDocumentClient, records: readonly DecisionRecord[], claim: IdempotencyClaim) {
    const claimKey = controlKeys.idempotency(records[0]!.tenantId, claim.agentId, claim.key);
    const claimPut: TransactItem = {
      Put: {
        TableName: tables.control,
        Item: {
          ...claimKey,
          itemType: 'idempotency',
          answersJson: JSON.stringify(claim.answers),
          fingerprint: claim.fingerprint,
          expiresAtEpoch: claim.expiresAtEpoch,
        },
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAtEpoch < :now',
        ExpressionAttributeValues: { ':now': claim.nowEpoch },
      },
    };
    // The claim goes with the last chunk, so a retry after a partial failure decides again
    // instead of replaying answers whose records were not all written.
    const chunks: DecisionRecord[][] = [];
    for (let i = 0; i < records.length; i += RECORDS_PER_TRANSACTION) chunks.push(records.slice(i, i + RECORDS_PER_TRANSACTION));
    try {
      for (const [index, chunk] of chunks.entries()) {
        await transactWrite(client, [...chunk.map(put), ...(index === chunks.length - 1 ? [claimPut] : [])], {
          streamedTables,
          onConditionFailed: () => new ConflictError('Already recorded', 'idempotent_replay'),
        });
      }
      return {};
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const replayed = await readClaim(client, claimKey);
      if (replayed === undefined) throw error;
      return { replayed };
    }
  }

  /** The answers and fingerprint a claim item holds, read strongly consistent. */
  async function readClaim(client: DynamoDBDocumentClient, claimKey: ItemKey, nowEpoch?: number): Promise<ClaimedAnswers | undefined> {
    const stored = await translateErrors(() =>
      client.send(new GetCommand({ TableName: tables.control, Key: claimKey, ConsistentRead: true })),
    );
    const item = stored.Item;
    if (typeof item?.answersJson !== 'string') return undefined;
    if (nowEpoch !== undefined && typeof item.expiresAtEpoch === 'number' && item.expiresAtEpoch < nowEpoch) return undefined;
    return {
      answers: JSON.parse(item.answersJson) as unknown,
      ...(typeof item.fingerprint === 'string' ? { fingerprint: item.fingerprint } : {}),
    };
  }

  return {
    recorded: (tenantId, records) => presentIn(clients.forTenant(tenantId), tables.audit, tenantId, records),
    claimed: (tenantId, agentId, key, nowEpoch) =>
      readClaim(clients.forTenant(tenantId), controlKeys.idempotency(tenantId, agentId, key), nowEpoch),
    async record(records, claim) {
      const first = records[0];
      if (!first) return {};
      const client = clients.forTenant(first.tenantId);
      if (claim) return recordClaimed(client, records, claim);
      // Without a claim nothing needs to be atomic: a record is one item, and usage is counted
      // from the stream. One PutItem, or BatchWriteItem for a batch — DynamoDB's cheapest writes.
      if (records.length === 1)
        await translateErrors(() => client.send(new PutCommand({ TableName: tables.audit, Item: decisionItem(first) })));
      else await batchWrite(client, tables.audit, records);
      return {};
    },

    async listAudit(query, page) {
      const client = clients.forTenant(query.tenantId);
      const upper = page.after ?? `${query.to}~`;
      const lower = query.from;
      const { agentId } = query;
      if (agentId !== undefined) {
        const result = await translateErrors(() =>
          client.send(
            new QueryCommand({
              TableName: tables.audit,
              IndexName: 'gsi1',
              KeyConditionExpression: 'gsi1pk = :p AND gsi1sk BETWEEN :lower AND :upper',
              ExpressionAttributeValues: { ':p': auditKeys.agentPartition(query.tenantId, agentId), ':lower': lower, ':upper': upper },
              ScanIndexForward: false,
              Limit: page.limit + 1,
            }),
          ),
        );
        const items = (result.Items ?? []).map((item) => auditRecordOf(item)).filter((item) => positionOf(item) !== page.after);
        return { items: items.slice(0, page.limit), more: items.length > page.limit || result.LastEvaluatedKey !== undefined };
      }
      // A day is AUDIT_SHARDS partitions: each is read newest first, and they are merged.
      const items: AuditRecord[] = [];
      for (const day of daysBetween(lower, upper.slice(0, 10))) {
        const want = page.limit + 1 - items.length;
        const read = {
          client,
          table: tables.audit,
          lower,
          upper,
          chunk: Math.ceil(want / AUDIT_SHARDS) + 1,
          ...(page.after === undefined ? {} : { skip: page.after }),
        };
        const newest = await mergeFirst(
          shardsOfDay(query.tenantId, day).map((partition) => newestFirstIn(partition, read)),
          want,
          (a, b) => positionOf(a) > positionOf(b),
        );
        for (const record of newest) items.push(record);
        if (items.length > page.limit) break;
      }
      return { items: items.slice(0, page.limit), more: items.length > page.limit };
    },
  };
}
