/**
 * Exactly-once additions from the audit stream without checkpoint items. A counter item (a usage
 * counter, a metrics bucket) remembers, per audit shard, the stream sequence of the last record it
 * took. DynamoDB streams keep the order of a partition key, and an audit partition is one shard of
 * a tenant's day (audit-shards.ts), so a record at or before that position was added before. A run
 * of records is added by one conditional write — "each of its shards' positions is before the run's
 * first record; move them to its last" — and a write refused that way reads the positions and adds
 * only what follows. A steady stream costs one write per item and batch, nothing is read first, and
 * two consumers racing on the same records add them once.
 */
import { CheckpointContentionError } from '../streams/errors';
import { paddedSequence, type Sequenced } from '../streams/stream-partitions';
import { auditShardOf } from './audit-shards';

/** An audit record as a stream consumer holds it: its id (which names its shard) and stream position. */
export interface PositionedRecord extends Sequenced {
  readonly id: string;
}

/** Where in its audit partition's stream a run of records lies: the shard, its first and last sequence (padded). */
export interface ShardRange {
  readonly shard: number;
  readonly first: string;
  readonly last: string;
}

/** The shard ranges of a run of records in stream order. */
export function shardRangesOf(records: readonly PositionedRecord[]): ShardRange[] {
  const shards = new Map<number, { first: string; last: string }>();
  for (const record of records) {
    const shard = auditShardOf(record.id);
    const position = paddedSequence(record.sequence);
    shards.set(shard, { first: shards.get(shard)?.first ?? position, last: position });
  }
  return [...shards.entries()].map(([shard, range]) => ({ shard, ...range }));
}

/** True when a record lies after an item's positions (the item has not taken it). */
export const isAfter = (positions: ReadonlyMap<number, string>, record: PositionedRecord): boolean => {
  const last = positions.get(auditShardOf(record.id));
  return last === undefined || paddedSequence(record.sequence) > last;
};

/** How one item's records are added: split into writes, written, and the item's positions read back. */
export interface PositionedItem<R extends PositionedRecord, I extends { readonly records: number }> {
  /** Names the item (in errors). */
  readonly key: string;
  /** The writes of a run of records (in stream order), each covering `records` of them, in order. */
  readonly writesOf: (records: readonly R[]) => I[];
  /** Adds one write if none of its records was added before, moving its shards' positions; false (nothing written) otherwise. */
  readonly add: (write: I) => Promise<boolean>;
  /** The item's positions per audit shard (strongly consistent); shards never added to are absent. */
  readonly positions: () => Promise<ReadonlyMap<number, string>>;
}

/** Tries per item when its positions moved under the consumer (a redelivered batch racing its first delivery). */
const MAX_ATTEMPTS = 5;

/**
 * Adds an item's records (in stream order) that it has not taken before, write by write; returns
 * how many were new. Throws CheckpointContentionError when other consumers kept moving it.
 */
export async function addOnce<R extends PositionedRecord, I extends { readonly records: number }>(
  records: readonly R[],
  item: PositionedItem<R, I>,
): Promise<number> {
  let pending = records;
  let added = 0;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    let behind = false;
    for (const write of item.writesOf(pending)) {
      if (await item.add(write)) {
        added += write.records;
        pending = pending.slice(write.records);
        continue;
      }
      // Some were added before: keep only the records after the item's positions, and go on.
      const positions = await item.positions();
      pending = pending.filter((record) => isAfter(positions, record));
      behind = true;
      break;
    }
    if (!behind || pending.length === 0) return added;
  }
  throw new CheckpointContentionError(item.key, MAX_ATTEMPTS);
}
