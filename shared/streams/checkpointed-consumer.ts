/**
 * Exactly-once effects from a stream delivered at least once and in order per partition key (a
 * DynamoDB stream, through a Lambda event source mapping or the local stream reader).
 *
 * Each partition has a checkpoint: the (padded) sequence number of the last record whose effects
 * were applied. For each partition of a batch the consumer applies only the records after it, and
 * moves it in the same atomic write as the effects, conditional on its old value. A redelivered or
 * overlapping batch therefore changes nothing twice, and two consumers racing on the same records
 * apply them once (the loser reads the checkpoint again and goes on from there).
 *
 * Partitions are independent, so they are worked on concurrently (a bounded number at a time,
 * stream-partitions.ts), each one's records in stream order. The checkpoints this consumer read or
 * wrote are remembered: checkpoints only move forward, so a remembered one can only be behind the
 * stored one, and then the conditional write fails and the consumer reads it again. A steady stream
 * costs one write per partition and batch, and a redelivered batch costs nothing.
 */
import { LRUCache } from 'lru-cache';
import { upTo } from '../kernel/cache-bound';
import { CheckpointContentionError } from './errors';
import { forEachPartition, inPartitions, paddedSequence, type Partitioning, type Sequenced } from './stream-partitions';

/** Where a consumer's checkpoints and effects are kept. */
export interface CheckpointedEffects<P, R> {
  /** The partition's checkpoint (a padded sequence number), read consistently; undefined if none. */
  readonly checkpoint: (partition: P) => Promise<string | undefined>;
  /**
   * Applies the effects of `records` (a run of the partition's records, in stream order) and moves
   * the checkpoint from `expected` to `next`, atomically; false, with nothing written, when the
   * checkpoint is no longer `expected`.
   */
  readonly apply: (partition: P, expected: string | undefined, next: string, records: readonly R[]) => Promise<boolean>;
}

/** How a checkpointed consumer is made: its partitioning, its storage and its limits. */
export interface CheckpointedConsumerOptions<P, R extends Sequenced> extends Partitioning<P, R>, CheckpointedEffects<P, R> {
  /** Splits a partition's new records (in stream order) into runs that each fit one `apply`; default one run. */
  readonly runsOf?: (records: readonly R[]) => R[][];
  /** Partitions worked on at once (default 16). */
  readonly concurrency?: number;
  /** Checkpoints remembered between batches (default 10,000 partitions). */
  readonly rememberedCheckpoints?: number;
  /** Tries per partition when other consumers keep moving its checkpoint (default 10). */
  readonly maxAttempts?: number;
}

/** What a batch did: records applied now, and records skipped because they were applied before. */
export interface ConsumedBatch {
  readonly applied: number;
  readonly skipped: number;
  readonly partitions: number;
}

/** A consumer that applies each record of a stream exactly once; see the module comment. */
export interface CheckpointedConsumer<R> {
  /** Applies the records not applied before; throws PartitionsFailedError if any partition failed. */
  consume(records: readonly R[]): Promise<ConsumedBatch>;
  /** Forgets remembered checkpoints (the next batch reads them again). */
  forget(): void;
}

export function createCheckpointedConsumer<P, R extends Sequenced>(options: CheckpointedConsumerOptions<P, R>): CheckpointedConsumer<R> {
  const remembered = new LRUCache<string, string>(upTo(options.rememberedCheckpoints ?? 10_000));
  const maxAttempts = options.maxAttempts ?? 10;
  const runsOf = options.runsOf ?? ((records: readonly R[]) => [[...records]]);

  /** Applies one partition's records after its checkpoint, run by run; re-reads the checkpoint when it moved. */
  async function consumePartition(key: string, partition: P, records: readonly R[]): Promise<number> {
    let applied = 0;
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 10 * attempt));
      let checkpoint = remembered.get(key) ?? (await options.checkpoint(partition));
      if (checkpoint !== undefined) remembered.set(key, checkpoint);
      const fresh = records.filter((record) => checkpoint === undefined || paddedSequence(record.sequence) > checkpoint);
      if (fresh.length === 0) return applied;
      let moved = true;
      for (const run of runsOf(fresh)) {
        const next = paddedSequence(run[run.length - 1]!.sequence);
        if (!(await options.apply(partition, checkpoint, next, run))) {
          remembered.delete(key);
          moved = false;
          break;
        }
        remembered.set(key, next);
        applied += run.length;
        checkpoint = next;
      }
      if (moved) return applied;
    }
    throw new CheckpointContentionError(key, maxAttempts);
  }

  return {
    async consume(records) {
      const partitions = inPartitions(records, options);
      const applied = await forEachPartition(partitions, (batch) => consumePartition(batch.key, batch.partition, batch.records), {
        concurrency: options.concurrency ?? 16,
      });
      const total = applied.reduce((sum, count) => sum + count, 0);
      return { applied: total, skipped: records.length - total, partitions: partitions.length };
    },
    forget: () => remembered.clear(),
  };
}
