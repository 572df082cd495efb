/**
 * The usage meter's storage: per audit partition (one shard of a tenant's day) a checkpoint item
 * holding the last audit-stream sequence counted, moved in the same transaction as the counters it
 * adds to, so a redelivered stream batch is never counted twice. Counters are the items the usage
 * report reads (`<t>#USAGE#<month>`, one per day, agent and shard: the shards' meters never
 * contend for one item).
 */
import type { AuditPartition } from '../../audit/audit-shards';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../kernel/errors';
import type { UsageIncrement, UsageMeterStore } from '../../usage/usage-meter';
import { controlKeys } from './keys';
import { isTransactionConflict, translateErrors } from './sdk-errors';
import type { TenantClients } from './tenant-clients';
import { type TransactItem, transactWrite } from './transact-write';

/**
 * How long a checkpoint outlives its day: a stream keeps records 24 hours, so no delivery of a
 * day's records can come after this.
 */
const KEEP_CHECKPOINT_SECONDS = 7 * 86_400;

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
  return {
    async checkpoint(partition) {
      const result = await translateErrors(() =>
        clients
          .forTenant(partition.tenantId)
          .send(new GetCommand({ TableName: tables.control, Key: controlKeys.meterCheckpoint(partition), ConsistentRead: true })),
      );
      const sequence = result.Item?.sequence;
      return typeof sequence === 'string' ? sequence : undefined;
    },

    async apply(partition, expected, next, increments) {
      const expiresAtEpoch = Math.floor(Date.parse(partition.day) / 1000) + KEEP_CHECKPOINT_SECONDS;
      const checkpoint: TransactItem = {
        Put: {
          TableName: tables.control,
          Item: { ...controlKeys.meterCheckpoint(partition), itemType: 'usage-meter', sequence: next, expiresAtEpoch },
          ...(expected === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: '#sequence = :expected',
                ExpressionAttributeNames: { '#sequence': 'sequence' },
                ExpressionAttributeValues: { ':expected': expected },
              }),
        },
      };
      try {
        await transactWrite(
          clients.forTenant(partition.tenantId),
          [checkpoint, ...increments.map((increment) => counterUpdate(tables.control, partition, increment))],
          {
            streamedTables: new Set(),
            onConditionFailed: () => new ConflictError('The usage checkpoint moved', 'checkpoint_moved'),
          },
        );
        return true;
      } catch (error) {
        // A failed condition, or another transaction on the checkpoint at the same moment: either
        // way the checkpoint is someone else's now; the meter reads it again.
        if (error instanceof ConflictError || isTransactionConflict(error)) return false;
        throw error;
      }
    },
  };
}
