/**
 * The usage meter's storage: one counter item per tenant, day and agent in the control table
 * (`<t>#USAGE#<month>`, sort key `<day>#<agentId>`), the items the usage report reads. Beside its
 * counters an item holds, per audit shard, `s<shard>`: the last stream sequence counted. One
 * conditional UpdateItem adds a run of the agent's decisions and moves its shards' sequences, so a
 * redelivered stream batch is never counted twice: no transaction, no checkpoint item
 * (docs/decisions/stream-consumers.md). An item stays small (a few hundred bytes: one write unit).
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { UsageItemKey, UsageMeterStore } from '../../usage/usage-meter';
import { controlKeys } from './keys';
import { translateErrors } from './sdk-errors';
import { isConditionFailed, positionTerms, readPositions } from './stream-positions';
import type { TenantClients } from './tenant-clients';

export function createDynamoDbUsageMeterStore(clients: TenantClients, tables: { control: string }): UsageMeterStore {
  return {
    async add(increment) {
      const positions = positionTerms(increment.shards);
      const sets = [
        'agentId = :agent',
        'team = :team',
        '#role = :role',
        'environment = :environment',
        '#day = :day',
        'itemType = :type',
        ...positions.sets,
      ];
      try {
        await translateErrors(() =>
          clients.forTenant(increment.tenantId).send(
            new UpdateCommand({
              TableName: tables.control,
              Key: controlKeys.usage(increment),
              UpdateExpression: `SET ${sets.join(', ')} ADD decisions :n, allowed :allow, denied :deny, approvalsRequired :approval, batchRequests :batch`,
              ConditionExpression: positions.condition,
              ExpressionAttributeNames: { '#role': 'role', '#day': 'day', ...positions.names },
              ExpressionAttributeValues: {
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
                ...positions.values,
              },
            }),
          ),
        );
        return true;
      } catch (error) {
        if (isConditionFailed(error)) return false;
        throw error;
      }
    },

    sequences: (key: UsageItemKey) => readPositions(clients.forTenant(key.tenantId), tables.control, controlKeys.usage(key)),
  };
}
