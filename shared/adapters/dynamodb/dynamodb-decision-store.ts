/**
 * Decision records on DynamoDB. One transaction per request or batch (≤ 100 records): the records
 * (conditional puts in the audit table, whose stream turns each into `Decision.Made`), the usage
 * counters they add to, and, with an Idempotency-Key, the claim holding the first answer for
 * replays — so every answer has its record and its count, or none is given.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DecisionRecord } from '../../decisions/decision-record';
import type { DecisionStore } from '../../decisions/decision-store';
import { ConflictError } from '../../kernel/errors';
import { recordOf } from './item-mapping';
import { auditKeys, controlKeys } from './keys';
import { translateErrors } from './sdk-errors';
import type { TenantClients } from './tenant-clients';
import { type TransactItem, transactWrite } from './transact-write';

export interface DecisionTables {
  readonly audit: string;
  readonly control: string;
}

const DAY_MS = 86_400_000;
/**
 * Usage counter shards per agent and day: concurrent transactions updating one item conflict
 * (TransactionConflict), so each request adds to one of these at random; readers sum them.
 */
const USAGE_SHARDS = 16;
/** Records per transaction: 100 items at most, less the usage update and the claim. */
const RECORDS_PER_TRANSACTION = 98;

/**
 * The audit-table item of a decision record. The request's free-form `context` is kept as JSON
 * text: DynamoDB refuses some JSON (empty map keys), and the audit must keep what was asked exactly.
 */
export function decisionItem(record: DecisionRecord): Record<string, unknown> {
  const { context, ...request } = record.request;
  return {
    ...auditKeys.record(record.tenantId, record.at, record.id),
    ...auditKeys.byAgent(record.tenantId, record.agent.id, record.at, record.id),
    itemType: 'decision',
    ...record,
    request,
    ...(context === undefined ? {} : { requestContextJson: JSON.stringify(context) }),
  };
}

/** An audit record from its item (decision contexts parsed back). */
function auditRecordOf(item: Record<string, unknown>): Record<string, unknown> & { at: string; id: string } {
  const { requestContextJson, ...record } = recordOf<Record<string, unknown> & { at: string; id: string; requestContextJson?: string }>(item);
  if (typeof requestContextJson !== 'string') return record;
  return { ...record, request: { ...(record.request as object), context: JSON.parse(requestContextJson) as unknown } };
}

/** Days from `to` back to `from` (inclusive), newest first, as `YYYY-MM-DD`. */
function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let ms = Date.parse(to.slice(0, 10)); ms >= Date.parse(from.slice(0, 10)); ms -= DAY_MS) days.push(new Date(ms).toISOString().slice(0, 10));
  return days;
}

/**
 * The usage counters a request adds to, in the same transaction as its records, so usage always
 * equals what was audited: one item per agent, day and shard, counting decisions by effect and
 * batches.
 */
function usageUpdate(table: string, records: readonly DecisionRecord[]): TransactItem {
  const first = records[0]!;
  const count = (effect: string) => records.filter((record) => record.effect === effect).length;
  return {
    Update: {
      TableName: table,
      Key: controlKeys.usage(first.tenantId, first.at.slice(0, 7), first.at.slice(0, 10), first.agent.id, Math.floor(Math.random() * USAGE_SHARDS)),
      UpdateExpression:
        'ADD decisions :n, allowed :allow, denied :deny, approvalsRequired :approval, batchRequests :batch SET agentId = :agent, team = :team, #role = :role, environment = :environment, #day = :day, itemType = :type',
      ExpressionAttributeNames: { '#role': 'role', '#day': 'day' },
      ExpressionAttributeValues: {
        ':n': records.length,
        ':allow': count('allow'),
        ':deny': count('deny'),
        ':approval': count('require_approval'),
        ':batch': first.batchId === undefined ? 0 : 1,
        ':agent': first.agent.id,
        ':team': first.agent.team,
        ':role': first.agent.role,
        ':environment': first.agent.environment,
        ':day': first.at.slice(0, 10),
        ':type': 'usage',
      },
    },
  };
}
export function createDynamoDbDecisionStore(clients: TenantClients, tables: DecisionTables): DecisionStore {
  const streamedTables = new Set([tables.audit]);
  const put = (record: DecisionRecord): TransactItem => ({ Put: { TableName: tables.audit, Item: decisionItem(record), ConditionExpression: 'attribute_not_exists(pk)' } });

  return {
    async record(records, claim) {
      const first = records[0];
      if (!first) return {};
      const client = clients.forTenant(first.tenantId);
      const claimKey = claim && controlKeys.idempotency(first.tenantId, claim.agentId, claim.key);
      const claimPut = (): TransactItem[] =>
        claim && claimKey
          ? [
              {
                Put: {
                  TableName: tables.control,
                  Item: { ...claimKey, itemType: 'idempotency', answersJson: JSON.stringify(claim.answers), expiresAtEpoch: claim.expiresAtEpoch },
                  ConditionExpression: 'attribute_not_exists(pk) OR expiresAtEpoch < :now',
                  ExpressionAttributeValues: { ':now': claim.nowEpoch },
                },
              },
            ]
          : [];
      // A transaction holds 100 items: records go in chunks, each with the usage it adds; the
      // claim goes with the last, so a retry after a partial failure decides again instead of
      // replaying answers whose records were not all written.
      const chunks: DecisionRecord[][] = [];
      for (let i = 0; i < records.length; i += RECORDS_PER_TRANSACTION) chunks.push(records.slice(i, i + RECORDS_PER_TRANSACTION));
      try {
        for (const [index, chunk] of chunks.entries()) {
          const last = index === chunks.length - 1;
          await transactWrite(client, [...chunk.map(put), usageUpdate(tables.control, chunk), ...(last ? claimPut() : [])], {
            streamedTables,
            onConditionFailed: () => new ConflictError('Already recorded', 'idempotent_replay'),
          });
        }
        return {};
      } catch (error) {
        if (!(error instanceof ConflictError) || !claimKey) throw error;
        const stored = await translateErrors(() => client.send(new GetCommand({ TableName: tables.control, Key: claimKey, ConsistentRead: true })));
        const json = stored.Item?.answersJson;
        if (typeof json !== 'string') throw error;
        return { replayed: JSON.parse(json) as unknown };
      }
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
        const items = (result.Items ?? []).map((item) => auditRecordOf(item)).filter((item) => `${item.at}#${item.id}` !== page.after);
        return { items: items.slice(0, page.limit), more: items.length > page.limit || result.LastEvaluatedKey !== undefined };
      }
      const items: (Record<string, unknown> & { at: string; id: string })[] = [];
      for (const day of daysBetween(lower, upper.slice(0, 10))) {
        let start: Record<string, unknown> | undefined;
        do {
          const result = await translateErrors(() =>
            client.send(
              new QueryCommand({
                TableName: tables.audit,
                KeyConditionExpression: 'pk = :p AND sk BETWEEN :lower AND :upper',
                ExpressionAttributeValues: { ':p': auditKeys.dayPartition(query.tenantId, day), ':lower': lower, ':upper': upper },
                ScanIndexForward: false,
                Limit: page.limit + 1 - items.length,
                ...(start ? { ExclusiveStartKey: start } : {}),
              }),
            ),
          );
          for (const item of result.Items ?? []) {
            const record = auditRecordOf(item);
            if (`${record.at}#${record.id}` !== page.after) items.push(record);
          }
          start = result.LastEvaluatedKey;
        } while (start && items.length <= page.limit);
        if (items.length > page.limit) break;
      }
      return { items: items.slice(0, page.limit), more: items.length > page.limit };
    },
  };
}
