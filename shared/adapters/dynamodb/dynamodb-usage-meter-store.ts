/**
 * The usage meter's storage: one counter item per tenant, day and agent in the control table
 * (`<t>#USAGE#<month>`, sort key `<day>#<agentId>`), the items the usage report reads. Beside its
 * counters an item holds, per audit shard, `s<shard>`: the last stream sequence counted. One
 * conditional UpdateItem adds a run of the agent's decisions and moves its shards' sequences, so a
 * redelivered stream batch is never counted twice: no transaction, no checkpoint item
 * (docs/decisions/stream-consumers.md). An item stays small (a few hundred bytes: one write unit).
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { AUDIT_SHARDS } from '../../audit/audit-shards';
import type { UsageItemKey, UsageMeterStore } from '../../usage/usage-meter';
import { controlKeys } from './keys';
import { translateErrors } from './sdk-errors';
import type { TenantClients } from './tenant-clients';

/** The attribute holding the last sequence counted from an audit shard. */
const sequenceName = (shard: number) => `s${shard}`;
const SHARD_NAMES = Object.fromEntries(Array.from({ length: AUDIT_SHARDS }, (_, shard) => [`#s${shard}`, sequenceName(shard)]));

export function createDynamoDbUsageMeterStore(clients: TenantClients, tables: { control: string }): UsageMeterStore {
  return {
    async add(increment) {
      const names: Record<string, string> = { '#role': 'role', '#day': 'day' };
      const values: Record<string, unknown> = {
        ':n': increment.decisions,
        ':allow': increment.allowed,
        ':deny': increment.denied,
        ':approval': increment.approvalsRequired,
        ':batch': increment.batchRequests,
        ':agent': increment.agentId,
        ':team': increment.team,
        ':role': increment.role,
        ':environment': increment.environment,
        ':day': increment.day,
        ':type': 'usage',
      };
      const sets = ['agentId = :agent', 'team = :team', '#role = :role', 'environment = :environment', '#day = :day', 'itemType = :type'];
      const conditions: string[] = [];
      for (const { shard, first, last } of increment.shards) {
        names[`#s${shard}`] = sequenceName(shard);
        values[`:first${shard}`] = first;
        values[`:last${shard}`] = last;
        conditions.push(`(attribute_not_exists(#s${shard}) OR #s${shard} < :first${shard})`);
        sets.push(`#s${shard} = :last${shard}`);
      }
      try {
        await translateErrors(() =>
          clients.forTenant(increment.tenantId).send(
            new UpdateCommand({
              TableName: tables.control,
              Key: controlKeys.usage(increment),
              UpdateExpression: `SET ${sets.join(', ')} ADD decisions :n, allowed :allow, denied :deny, approvalsRequired :approval, batchRequests :batch`,
              ConditionExpression: conditions.join(' AND '),
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: values,
            }),
          ),
        );
        return true;
      } catch (error) {
        if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
        throw error;
      }
    },

    async sequences(key: UsageItemKey) {
      const { Item } = await translateErrors(() =>
        clients.forTenant(key.tenantId).send(
          new GetCommand({
            TableName: tables.control,
            Key: controlKeys.usage(key),
            ConsistentRead: true,
            ProjectionExpression: Object.keys(SHARD_NAMES).join(', '),
            ExpressionAttributeNames: SHARD_NAMES,
          }),
        ),
      );
      const sequences = new Map<number, string>();
      for (const [name, value] of Object.entries(Item ?? {}))
        if (/^s\d+$/.test(name) && typeof value === 'string') sequences.set(Number(name.slice(1)), value);
      return sequences;
    },
  };
}
