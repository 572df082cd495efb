import { describe, expect, it } from 'vitest';
import { addOnce, isAfter, type PositionedRecord, shardRangesOf } from '../../../shared/audit/audit-stream-positions';
import { auditShardOf } from '../../../shared/audit/audit-shards';
import { CheckpointContentionError } from '../../../shared/streams/errors';
import { paddedSequence } from '../../../shared/streams/stream-partitions';

const records = (count: number, first = 1): PositionedRecord[] =>
  Array.from({ length: count }, (_, i) => ({ id: `dec_${first + i}`, sequence: String(first + i) }));

/** An item in memory that takes whole writes of runs, as the stores do. */
function itemInMemory(options: { refuse?: () => boolean } = {}) {
  const positions = new Map<number, string>();
  const taken: string[] = [];
  return {
    taken,
    positions,
    item: {
      key: 'acme|item',
      writesOf: (run: readonly PositionedRecord[]) => [{ run, records: run.length, shards: shardRangesOf(run) }],
      async add(write: { run: readonly PositionedRecord[]; shards: ReturnType<typeof shardRangesOf> }) {
        if (options.refuse?.()) return false;
        if (write.shards.some((range) => (positions.get(range.shard) ?? '') >= range.first)) return false;
        for (const range of write.shards) positions.set(range.shard, range.last);
        taken.push(...write.run.map((record) => record.id));
        return true;
      },
      positions: async () => positions,
    },
  };
}

describe('shardRangesOf', () => {
  it("gives each shard of a run its first and last record's padded sequence", () => {
    const run = records(20);
    const ranges = shardRangesOf(run);
    for (const range of ranges) {
      const ofShard = run.filter((record) => auditShardOf(record.id) === range.shard);
      expect(range.first).toBe(paddedSequence(ofShard[0]!.sequence));
      expect(range.last).toBe(paddedSequence(ofShard[ofShard.length - 1]!.sequence));
    }
    expect(ranges.map((range) => range.shard).sort()).toEqual([...new Set(run.map((record) => auditShardOf(record.id)))].sort());
  });
});

describe('addOnce', () => {
  it('adds a run whole, and nothing of it when it is delivered again', async () => {
    const { item, taken } = itemInMemory();
    expect(await addOnce(records(10), item)).toBe(10);
    expect(await addOnce(records(10), item)).toBe(0);
    expect(taken).toHaveLength(10);
  });

  it('adds only the records after the positions when a delivery overlaps one before', async () => {
    const { item, taken, positions } = itemInMemory();
    await addOnce(records(12), item);
    expect(await addOnce(records(30), item)).toBe(18);
    expect(taken).toEqual(records(30).map((record) => record.id));
    for (const record of records(30)) expect(isAfter(positions, record)).toBe(false);
    expect(isAfter(positions, records(1, 31)[0]!)).toBe(true);
  });

  it('gives up with CheckpointContentionError when the item keeps refusing', async () => {
    const { item } = itemInMemory({ refuse: () => true });
    // The positions never cover the records, so each attempt tries again: five, then the error.
    await expect(addOnce(records(3), item)).rejects.toBeInstanceOf(CheckpointContentionError);
  });
});
