/**
 * The usage meter's storage: per audit partition (one shard of a tenant's day) a checkpoint item
 * holding the last audit-stream sequence counted, moved in the same transaction as the counters it
 * adds to, so a redelivered stream batch is never counted twice. Counters are the items the usage
 * report reads (`<t>#USAGE#<month>`, one per day, agent and shard: the shards' meters never
 * contend for one item).
 */
import type { AuditPartition } from '../../audit/audit-shards';
import type { UsageIncrement, UsageMeterStore } from '../../usage/usage-meter';
import { controlKeys } from './keys';
import { checkpointedCounters } from './stream-checkpoints';
import type { TenantClients } from './tenant-clients';
import type { TransactItem } from './transact-write';

/** One agent's counters for a day. */
function counterUpdate(table: string, partition: AuditPartition, increment: UsageIncrement): TransactItem {
  const { day } = partition;
  return {
    Update: {
      TableName: table,
      Key: controlKeys.usage(partition, increment.agentId),
      UpdateExpression:
        'ADD decisions :n, allowed :allow, denied :deny, approvalsRequired :approval, batchRequests :batch SET agentId = :agent, team = :team, #role = :role, environment = :environment, #day = :day, itemType = :type',
      ExpressionAttributeNames: { '#role': 'role', '#day': 'day' },
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
        ':day': day,
        ':type': 'usage',
      },
    },
  };
}

export function createDynamoDbUsageMeterStore(clients: TenantClients, tables: { control: string }): UsageMeterStore {
  return checkpointedCounters(clients, tables.control, {
    checkpointKey: controlKeys.meterCheckpoint,
    itemType: 'usage-meter',
    update: (partition, increment) => counterUpdate(tables.control, partition, increment),
  });
}
