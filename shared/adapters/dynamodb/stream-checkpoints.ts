/**
 * Checkpoints of the audit stream's consumers (shared/streams/checkpointed-consumer.ts) in the
 * control table: one item per consumer and audit partition holding the last sequence applied,
 * moved in the same transaction as the effects it covers and only from the value the consumer
 * read. The usage meter keeps its checkpoints this way (the metrics rollup keeps its positions in its
 * buckets: dynamodb-metrics-store.ts).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../kernel/errors';
import type { AuditPartition } from '../../audit/audit-shards';
import type { ItemKey } from './keys';
import { isTransactionConflict, translateErrors } from './sdk-errors';
import type { TenantClients } from './tenant-clients';
import { type TransactItem, transactWrite } from './transact-write';

/** How long a checkpoint outlives its day: a stream keeps records 24 hours, so nothing of the day comes after this. */
const KEEP_CHECKPOINT_SECONDS = 7 * 86_400;

/** One consumer's checkpoint of one audit partition. */
export interface CheckpointItem {
  readonly tenantId: string;
  /** The partition's day (`YYYY-MM-DD`): the checkpoint expires a week after it. */
  readonly day: string;
  readonly key: ItemKey;
  /** The item's type (`usage-meter`, `metrics-rollup`). */
  readonly itemType: string;
}

/** The checkpoint's sequence (strongly consistent), if any. */
export async function readCheckpoint(clients: TenantClients, table: string, checkpoint: CheckpointItem): Promise<string | undefined> {
  const result = await translateErrors(() =>
    clients.forTenant(checkpoint.tenantId).send(new GetCommand({ TableName: table, Key: checkpoint.key, ConsistentRead: true })),
  );
  const sequence = result.Item?.sequence;
  return typeof sequence === 'string' ? sequence : undefined;
}

/**
 * Writes `effects` and moves the checkpoint from `expected` to `next`, in one transaction; false
 * (nothing written) when the checkpoint is no longer `expected`, or another transaction held it
 * at the same moment: either way it is someone else's now, and the consumer reads it again.
 */
export async function applyWithCheckpoint(
  clients: TenantClients,
  table: string,
  checkpoint: CheckpointItem,
  moves: { expected: string | undefined; next: string },
  effects: readonly TransactItem[],
): Promise<boolean> {
  const expiresAtEpoch = Math.floor(Date.parse(checkpoint.day) / 1000) + KEEP_CHECKPOINT_SECONDS;
  const put: TransactItem = {
    Put: {
      TableName: table,
      Item: { ...checkpoint.key, itemType: checkpoint.itemType, sequence: moves.next, expiresAtEpoch },
      ...(moves.expected === undefined
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : {
            ConditionExpression: '#sequence = :expected',
            ExpressionAttributeNames: { '#sequence': 'sequence' },
            ExpressionAttributeValues: { ':expected': moves.expected },
          }),
    },
  };
  try {
    await transactWrite(clients.forTenant(checkpoint.tenantId), [put, ...effects], {
      streamedTables: new Set(),
      onConditionFailed: () => new ConflictError('The checkpoint moved', 'checkpoint_moved'),
    });
    return true;
  } catch (error) {
    if (error instanceof ConflictError || isTransactionConflict(error)) return false;
    throw error;
  }
}

/**
 * A stream consumer's store of counters kept with checkpoints: one checkpoint item per audit
 * partition (`checkpointKey`, of `itemType`), moved in one transaction with the counter updates
 * `update` makes of the increments. The usage meter is built on it.
 */
export function checkpointedCounters<I>(
  clients: TenantClients,
  table: string,
  options: {
    readonly checkpointKey: (partition: AuditPartition) => ItemKey;
    readonly itemType: string;
    readonly update: (partition: AuditPartition, increment: I) => TransactItem;
  },
) {
  const checkpointOf = (partition: AuditPartition): CheckpointItem => ({
    tenantId: partition.tenantId,
    day: partition.day,
    key: options.checkpointKey(partition),
    itemType: options.itemType,
  });
  return {
    checkpoint: (partition: AuditPartition) => readCheckpoint(clients, table, checkpointOf(partition)),
    apply: (partition: AuditPartition, expected: string | undefined, next: string, increments: readonly I[]) =>
      applyWithCheckpoint(
        clients,
        table,
        checkpointOf(partition),
        { expected, next },
        increments.map((increment) => options.update(partition, increment)),
      ),
  };
}
