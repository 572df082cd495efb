/**
 * The audit digests on DynamoDB (shared/audit/digest-ports.ts): a tenant's chain head and digests
 * in the control table, each hour's leaves in chunks of their own partition, the leaves the audit
 * stream captured in one partition per tenant (by hour, then stream position, expiring after
 * CAPTURED_DAYS); and the audit records of one partition and hour, read from the audit table in
 * sort-key order.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type AuditPartition, shardsOfDay } from '../../audit/audit-shards';
import { type Leaf, publicAuditRecord } from '../../audit/digest';
import type {
  AuditHourReader,
  CapturedLeafStore,
  DigestHead,
  DigestStore,
  PublicAuditRecord,
  StoredDigest,
} from '../../audit/digest-ports';
import type { CapturedRecord } from '../../audit/leaf-capture';
import { ConflictError } from '../../kernel/errors';
import { recordOf } from './item-mapping';
import { auditKeys, digestKeys, tenantOfKey } from './keys';
import { translateErrors } from './sdk-errors';
import type { TenantClients } from './tenant-clients';
import { transactWrite } from './transact-write';

export interface DigestTables {
  readonly control: string;
  readonly audit: string;
}

/** Leaves per item: about 100 bytes each, well under DynamoDB's 400 KB. */
const LEAVES_PER_ITEM = 2_000;
const DAY_MS = 86_400_000;
/** How long captured leaves are kept: long past their hour's sealing, which copies them into its digest. */
export const CAPTURED_DAYS = 30;

/** An audit record from its item (decision contexts parsed back), as the decision store reads it. */
function auditRecordOf(item: Record<string, unknown>): PublicAuditRecord {
  const { requestContextJson, ...record } = recordOf<PublicAuditRecord & { requestContextJson?: string }>(item);
  const parsed =
    typeof requestContextJson === 'string'
      ? { ...record, request: { ...(record.request as object), context: JSON.parse(requestContextJson) as unknown } }
      : record;
  return publicAuditRecord(parsed);
}

/** A new audit-table item of the stream, as leaf capture takes it: its tenant, its public form, its stream position. */
export function capturedRecordOf(item: Record<string, unknown>, sequence: string | undefined): CapturedRecord | undefined {
  if (typeof item.pk !== 'string' || typeof item.at !== 'string' || typeof item.id !== 'string') return undefined;
  if (!sequence) throw new Error('An audit record came without its stream sequence number');
  return { tenantId: tenantOfKey(item.pk), record: auditRecordOf(item), sequence };
}

/** All items of a query, page after page, at most `max` (RangeError beyond). */
async function queryAll(client: DynamoDBDocumentClient, input: ConstructorParameters<typeof QueryCommand>[0], max: number) {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await translateErrors(() => client.send(new QueryCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) })));
    items.push(...(page.Items ?? []));
    if (items.length > max) throw new RangeError(`More than ${max} items`);
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

const headOf = (item: Record<string, unknown> | undefined): DigestHead | undefined =>
  item === undefined
    ? undefined
    : {
        sequence: item.sequence as number,
        lastHash: (item.lastHash as string | undefined) ?? null,
        spanFrom: item.spanFrom as string,
        through: item.through as string,
      };

export function createDynamoDbDigestStore(clients: TenantClients, tables: DigestTables): DigestStore & AuditHourReader & CapturedLeafStore {
  /** A digest item with its leaves read back. */
  async function withLeaves(client: DynamoDBDocumentClient, tenantId: string, item: Record<string, unknown>): Promise<StoredDigest> {
    const hour = item.hour as string;
    const chunks = await queryAll(
      client,
      {
        TableName: tables.control,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': digestKeys.leavesPartition(tenantId, hour) },
      },
      1_000,
    );
    const leaves: Record<string, Leaf[]> = {};
    for (const chunk of chunks) (leaves[String(chunk.shard)] ??= []).push(...(JSON.parse(chunk.leavesJson as string) as Leaf[]));
    return { sequence: item.sequence as number, hour, jws: item.jws as string, leaves };
  }

  /** Writes an hour's leaves, a chunk per item, 25 items per call. */
  async function putLeaves(client: DynamoDBDocumentClient, tenantId: string, digest: StoredDigest) {
    const items = Object.entries(digest.leaves).flatMap(([shard, leaves]) =>
      Array.from({ length: Math.ceil(leaves.length / LEAVES_PER_ITEM) }, (_, chunk) => ({
        ...digestKeys.leaves(tenantId, digest.hour, Number(shard), chunk),
        itemType: 'auditDigestLeaves',
        shard: Number(shard),
        leavesJson: JSON.stringify(leaves.slice(chunk * LEAVES_PER_ITEM, (chunk + 1) * LEAVES_PER_ITEM)),
      })),
    );
    for (let i = 0; i < items.length; i += 25) {
      let pending = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      for (let round = 0; pending.length > 0; round++) {
        if (round === 8) throw new Error(`${pending.length} digest leaf items were not written`);
        const result = await translateErrors(() => client.send(new BatchWriteCommand({ RequestItems: { [tables.control]: pending } })));
        pending = (result.UnprocessedItems?.[tables.control] ?? []) as typeof pending;
      }
    }
  }

  return {
    async head(tenantId) {
      const read = await translateErrors(() =>
        clients
          .forTenant(tenantId)
          .send(new GetCommand({ TableName: tables.control, Key: digestKeys.head(tenantId), ConsistentRead: true })),
      );
      return headOf(read.Item);
    },

    async advance(tenantId, next, expected, digest) {
      const client = clients.forTenant(tenantId);
      // The leaves first: a digest is only ever read with its leaves in place.
      if (digest) await putLeaves(client, tenantId, digest);
      const headPut = {
        Put: {
          TableName: tables.control,
          Item: { ...digestKeys.head(tenantId), itemType: 'auditDigestHead', ...next },
          ...(expected
            ? {
                ConditionExpression: '#sequence = :sequence AND through = :through',
                ExpressionAttributeNames: { '#sequence': 'sequence' },
                ExpressionAttributeValues: { ':sequence': expected.sequence, ':through': expected.through },
              }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        },
      };
      const digestPut = digest && {
        Put: {
          TableName: tables.control,
          Item: {
            ...digestKeys.digest(tenantId, digest.hour),
            itemType: 'auditDigest',
            sequence: digest.sequence,
            hour: digest.hour,
            jws: digest.jws,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      };
      await transactWrite(client, digestPut ? [headPut, digestPut] : [headPut], {
        streamedTables: new Set(),
        onConditionFailed: () => new ConflictError('The digest chain moved on', 'digest_chain_moved'),
      });
    },

    async list(tenantId, range, page) {
      const client = clients.forTenant(tenantId);
      const lower = page.after === undefined ? digestKeys.digestPosition(range.fromHour) : `${digestKeys.digestPosition(page.after)}~`;
      // `to` is exclusive: the upper bound stops just before its hour's key.
      const upper = `${digestKeys.digestPosition(range.toHour)}`;
      const result = await translateErrors(() =>
        client.send(
          new QueryCommand({
            TableName: tables.control,
            KeyConditionExpression: 'pk = :p AND sk BETWEEN :lower AND :upper',
            ExpressionAttributeValues: { ':p': digestKeys.partition(tenantId), ':lower': lower, ':upper': upper },
            Limit: page.limit + 1,
          }),
        ),
      );
      const items = (result.Items ?? []).filter((item) => item.sk !== upper);
      const digests = await Promise.all(items.slice(0, page.limit).map((item) => withLeaves(client, tenantId, item)));
      return { items: digests, more: items.length > page.limit || result.LastEvaluatedKey !== undefined };
    },

    async neighbour(tenantId, hour, side) {
      const client = clients.forTenant(tenantId);
      const result = await translateErrors(() =>
        client.send(
          new QueryCommand({
            TableName: tables.control,
            KeyConditionExpression: side === 'before' ? 'pk = :p AND sk BETWEEN :d AND :k' : 'pk = :p AND sk BETWEEN :k AND :end',
            ExpressionAttributeValues:
              side === 'before'
                ? { ':p': digestKeys.partition(tenantId), ':d': 'D#', ':k': digestKeys.digestPosition(hour) }
                : { ':p': digestKeys.partition(tenantId), ':k': `${digestKeys.digestPosition(hour)}~`, ':end': 'D#~' },
            ScanIndexForward: side !== 'before',
            Limit: 2,
          }),
        ),
      );
      const item = (result.Items ?? []).find((candidate) => candidate.sk !== digestKeys.digestPosition(hour));
      return item ? withLeaves(client, tenantId, item) : undefined;
    },

    async records(partition: AuditPartition, range, max) {
      const items = await queryAll(
        clients.forTenant(partition.tenantId),
        {
          TableName: tables.audit,
          KeyConditionExpression: 'pk = :p AND sk BETWEEN :lower AND :upper',
          ExpressionAttributeValues: {
            ':p': auditKeys.partition(partition),
            ':lower': range.from,
            ':upper': new Date(Date.parse(range.to) - 1).toISOString() + '~',
          },
        },
        max,
      );
      return items.map(auditRecordOf);
    },

    async firstRecordAt(tenantId, range) {
      const client = clients.forTenant(tenantId);
      const upper = new Date(Date.parse(range.to) - 1).toISOString() + '~';
      for (let dayMs = Date.parse(range.from.slice(0, 10)); dayMs < Date.parse(range.to); dayMs += DAY_MS) {
        const firsts = await Promise.all(
          shardsOfDay(tenantId, new Date(dayMs).toISOString().slice(0, 10)).map(async (partition) => {
            const result = await translateErrors(() =>
              client.send(
                new QueryCommand({
                  TableName: tables.audit,
                  KeyConditionExpression: 'pk = :p AND sk BETWEEN :lower AND :upper',
                  ExpressionAttributeValues: { ':p': auditKeys.partition(partition), ':lower': range.from, ':upper': upper },
                  ProjectionExpression: 'sk',
                  Limit: 1,
                }),
              ),
            );
            return result.Items?.[0]?.sk as string | undefined;
          }),
        );
        const found = firsts.filter((sk): sk is string => sk !== undefined).sort()[0];
        if (found) return found.slice(0, found.indexOf('#'));
      }
      return undefined;
    },

    async put(tenantId, hour, key, leaves) {
      await translateErrors(() =>
        clients.forTenant(tenantId).send(
          new PutCommand({
            TableName: tables.control,
            Item: {
              ...digestKeys.captured(tenantId, hour, key),
              itemType: 'auditCapturedLeaves',
              leavesJson: JSON.stringify(leaves),
              expiresAtEpoch: Math.floor(Date.parse(hour) / 1000) + CAPTURED_DAYS * 86_400,
            },
          }),
        ),
      );
    },

    async leavesOf(tenantId, hour, max) {
      const items = await queryAll(
        clients.forTenant(tenantId),
        {
          TableName: tables.control,
          KeyConditionExpression: 'pk = :p AND begins_with(sk, :hour)',
          ExpressionAttributeValues: { ':p': digestKeys.capturedPartition(tenantId), ':hour': `${hour}#` },
        },
        // Each item holds at least one leaf.
        max,
      );
      const first = new Map<string, string>();
      for (const item of items)
        for (const [position, hash] of JSON.parse(item.leavesJson as string) as Leaf[]) if (!first.has(position)) first.set(position, hash);
      if (first.size > max) throw new RangeError(`More than ${max} captured leaves`);
      return [...first];
    },

    async firstHour(tenantId, range) {
      const result = await translateErrors(() =>
        clients.forTenant(tenantId).send(
          new QueryCommand({
            TableName: tables.control,
            KeyConditionExpression: 'pk = :p AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: { ':p': digestKeys.capturedPartition(tenantId), ':from': range.from, ':to': range.to },
            ProjectionExpression: 'sk',
            Limit: 1,
          }),
        ),
      );
      const sk = result.Items?.[0]?.sk as string | undefined;
      return sk?.slice(0, sk.indexOf('#'));
    },
  };
}
