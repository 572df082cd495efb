/**
 * Decision records on DynamoDB: each a conditional put in the audit table (the stream turns it into
 * `Decision.Made`); a batch as one transaction (≤ 100 items), so every answer has its record or
 * none is given; an idempotency claim as a conditional item in the control table written in the
 * same transaction, holding the first answer for replays.
 */
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
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

/** The audit-table item of a decision record. */
export function decisionItem(record: DecisionRecord): Record<string, unknown> {
  return {
    ...auditKeys.record(record.tenantId, record.at, record.id),
    ...auditKeys.byAgent(record.tenantId, record.agent.id, record.at, record.id),
    itemType: 'decision',
    ...record,
  };
}

/** Days from `to` back to `from` (inclusive), newest first, as `YYYY-MM-DD`. */
function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let ms = Date.parse(to.slice(0, 10)); ms >= Date.parse(from.slice(0, 10)); ms -= DAY_MS) days.push(new Date(ms).toISOString().slice(0, 10));
  return days;
}

export function createDynamoDbDecisionStore(clients: TenantClients, tables: DecisionTables): DecisionStore {
  const streamedTables = new Set([tables.audit]);
  const put = (record: DecisionRecord): TransactItem => ({ Put: { TableName: tables.audit, Item: decisionItem(record), ConditionExpression: 'attribute_not_exists(pk)' } });

  return {
    async record(records, claim) {
      const first = records[0];
      if (!first) return {};
      const client = clients.forTenant(first.tenantId);
      if (!claim && records.length === 1) {
        await translateErrors(() => client.send(new PutCommand({ TableName: tables.audit, Item: decisionItem(first), ConditionExpression: 'attribute_not_exists(pk)' })));
        return {};
      }
      const claimKey = claim && controlKeys.idempotency(first.tenantId, claim.agentId, claim.key);
      try {
        await transactWrite(
          client,
          [
            ...records.map(put),
            ...(claim && claimKey
              ? [
                  {
                    Put: {
                      TableName: tables.control,
                      Item: { ...claimKey, itemType: 'idempotency', recordJson: JSON.stringify(records.length === 1 ? first : records), expiresAtEpoch: claim.expiresAtEpoch },
                      ConditionExpression: 'attribute_not_exists(pk) OR expiresAtEpoch < :now',
                      ExpressionAttributeValues: { ':now': claim.nowEpoch },
                    },
                  } satisfies TransactItem,
                ]
              : []),
          ],
          { streamedTables, onConditionFailed: () => new ConflictError('Already recorded', 'idempotent_replay') },
        );
        return {};
      } catch (error) {
        if (!(error instanceof ConflictError) || !claimKey) throw error;
        const stored = await translateErrors(() => client.send(new GetCommand({ TableName: tables.control, Key: claimKey, ConsistentRead: true })));
        const json = stored.Item?.recordJson;
        if (typeof json !== 'string') throw error;
        return { replayed: JSON.parse(json) as DecisionRecord };
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
        const items = (result.Items ?? []).map((item) => recordOf<Record<string, unknown> & { at: string; id: string }>(item)).filter((item) => `${item.at}#${item.id}` !== page.after);
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
            const record = recordOf<Record<string, unknown> & { at: string; id: string }>(item);
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
