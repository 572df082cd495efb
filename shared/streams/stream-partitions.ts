/**
 * A stream batch, partition by partition. DynamoDB streams keep the order of records only within
 * a partition key, and deliver a shard's records at least once, so what a consumer can rely on is
 * per partition: `inPartitions` groups a batch into partitions, each in stream order, and
 * `forEachPartition` works on them concurrently, a bounded number at a time. One slow or failing
 * partition neither holds up nor undoes the others: every partition runs to the end before the
 * failures are reported together.
 */
import pLimit from 'p-limit';
import { PartitionsFailedError } from './errors';

/** A record's position in its stream: sequence numbers grow within a partition key. */
export interface Sequenced {
  /** The stream record's sequence number, a decimal string (lengths vary). */
  readonly sequence: string;
}

/** Sequence numbers compare as numbers: padded to one width, they compare as text. */
export const paddedSequence = (sequence: string): string => sequence.padStart(48, '0');

/** One partition's records of a batch, in stream order. */
export interface PartitionBatch<P, R> {
  /** Names the partition (in logs and errors). */
  readonly key: string;
  readonly partition: P;
  readonly records: readonly R[];
}

/** How a consumer tells a record's partition. */
export interface Partitioning<P, R> {
  /** The partition whose order the record keeps: its table partition key, or a finer grouping of it. */
  readonly partitionOf: (record: R) => P;
  /** A string naming the partition; equal partitions give equal keys. */
  readonly keyOf: (partition: P) => string;
}

/**
 * Groups a batch by partition, each partition's records sorted by sequence number (stream order),
 * partitions in the order of their first record.
 */
export function inPartitions<P, R extends Sequenced>(records: readonly R[], partitioning: Partitioning<P, R>): PartitionBatch<P, R>[] {
  const groups = new Map<string, { key: string; partition: P; records: R[] }>();
  for (const record of records) {
    const partition = partitioning.partitionOf(record);
    const key = partitioning.keyOf(partition);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { key, partition, records: [] }));
    group.records.push(record);
  }
  return [...groups.values()].map((group) => ({
    ...group,
    records: group.records
      .map((record) => ({ record, at: paddedSequence(record.sequence) }))
      .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
      .map(({ record }) => record),
  }));
}

/**
 * Runs `work` on every partition, at most `concurrency` at once, and resolves with the results in
 * the partitions' order. If any failed, throws PartitionsFailedError once all have settled.
 */
export async function forEachPartition<P, R, T>(
  batches: readonly PartitionBatch<P, R>[],
  work: (batch: PartitionBatch<P, R>) => Promise<T>,
  options: { readonly concurrency: number },
): Promise<T[]> {
  const limit = pLimit(Math.max(1, options.concurrency));
  const settled = await Promise.allSettled(batches.map((batch) => limit(() => work(batch))));
  const failures = settled.flatMap((outcome, index) =>
    outcome.status === 'rejected' ? [{ key: batches[index]!.key, error: outcome.reason as unknown }] : [],
  );
  if (failures.length > 0) throw new PartitionsFailedError(failures, batches.length);
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<T>).value);
}
