import { describe, expect, it } from 'vitest';
import { createCheckpointedConsumer, type CheckpointedConsumerOptions } from '../../../shared/streams/checkpointed-consumer';
import { CheckpointContentionError, PartitionsFailedError } from '../../../shared/streams/errors';
import { paddedSequence } from '../../../shared/streams/stream-partitions';

interface Rec {
  readonly partition: string;
  readonly sequence: string;
  readonly value: number;
}

/**
 * Checkpoints and effects kept in memory with the semantics the DynamoDB adapters give them: a
 * conditional move of the checkpoint, atomic with the effects. Counts the calls each partition gets.
 */
function memoryEffects() {
  const checkpoints = new Map<string, string>();
  const applied = new Map<string, number[]>();
  const calls = { reads: 0, applies: 0 };
  const failing = new Set<string>();
  const effects: Pick<CheckpointedConsumerOptions<string, Rec>, 'checkpoint' | 'apply'> = {
    async checkpoint(partition) {
      calls.reads++;
      await new Promise((resolve) => setImmediate(resolve));
      return checkpoints.get(partition);
    },
    async apply(partition, expected, next, records) {
      calls.applies++;
      await new Promise((resolve) => setImmediate(resolve));
      if (failing.has(partition)) throw new Error(`${partition} is unavailable`);
      if (checkpoints.get(partition) !== expected) return false;
      checkpoints.set(partition, next);
      applied.set(partition, [...(applied.get(partition) ?? []), ...records.map((record) => record.value)]);
      return true;
    },
  };
  return { effects, checkpoints, applied, calls, failing };
}

/** `count` records per partition, interleaved across partitions as a stream shard would carry them. */
function interleaved(partitions: readonly string[], count: number, first = 1): Rec[] {
  return Array.from({ length: count }, (_, i) =>
    partitions.map((partition, p) => ({ partition, sequence: String((first + i) * 1000 + p), value: first + i })),
  ).flat();
}

const consumerOf = (memory: ReturnType<typeof memoryEffects>, extra: Partial<CheckpointedConsumerOptions<string, Rec>> = {}) =>
  createCheckpointedConsumer<string, Rec>({
    partitionOf: (record) => record.partition,
    keyOf: (partition) => partition,
    ...memory.effects,
    concurrency: 4,
    ...extra,
  });

describe('Function: createCheckpointedConsumer', () => {
  describe('Method: consume', () => {
    it('applies interleaved partitions each in stream order, whatever order the batch lists them in', async () => {
      // Prepare
      const memory = memoryEffects();
      const records = interleaved(['a', 'b', 'c'], 5).reverse();
      // Act
      const result = await consumerOf(memory).consume(records);
      // Assess
      expect(result).toEqual({ applied: 15, skipped: 0, partitions: 3 });
      for (const partition of ['a', 'b', 'c']) expect(memory.applied.get(partition)).toEqual([1, 2, 3, 4, 5]);
      expect(memory.checkpoints.get('a')).toBe(paddedSequence('5000'));
    });

    it('applies a retried batch once, and a batch that grew only for its new records', async () => {
      // Prepare
      const memory = memoryEffects();
      const consumer = consumerOf(memory);
      const records = interleaved(['a', 'b'], 6);
      await consumer.consume(records.slice(0, 8));
      // Act
      const again = await consumer.consume(records.slice(0, 8));
      const grown = await consumer.consume(records);
      // Assess
      expect(again).toEqual({ applied: 0, skipped: 8, partitions: 2 });
      expect(grown).toEqual({ applied: 4, skipped: 8, partitions: 2 });
      expect(memory.applied.get('a')).toEqual([1, 2, 3, 4, 5, 6]);
      expect(memory.applied.get('b')).toEqual([1, 2, 3, 4, 5, 6]);
    });

    it('remembers the checkpoints it moved: a steady stream and a redelivery read none', async () => {
      // Prepare
      const memory = memoryEffects();
      const consumer = consumerOf(memory);
      const records = interleaved(['a', 'b', 'c'], 4);
      await consumer.consume(records.slice(0, 6));
      const readsAfterFirst = memory.calls.reads;
      // Act
      await consumer.consume(records.slice(6));
      await consumer.consume(records);
      // Assess
      expect(readsAfterFirst).toBe(3);
      expect(memory.calls.reads).toBe(3);
      expect(memory.calls.applies).toBe(6);
    });

    it('reads a checkpoint again when another consumer moved it, and applies each record once', async () => {
      // Prepare
      const memory = memoryEffects();
      const mine = consumerOf(memory);
      const theirs = consumerOf(memory);
      const records = interleaved(['a', 'b'], 10);
      await mine.consume(records.slice(0, 4));
      await theirs.consume(records.slice(0, 12));
      // Act
      const result = await mine.consume(records);
      // Assess
      expect(result.applied).toBe(8);
      expect(memory.applied.get('a')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(memory.applied.get('b')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });

    it('counts exactly once when consumers race on the same batch', async () => {
      // Prepare
      const memory = memoryEffects();
      const records = interleaved(['a', 'b', 'c', 'd'], 25);
      // Act
      const results = await Promise.all(
        [consumerOf(memory), consumerOf(memory), consumerOf(memory)].map((consumer) => consumer.consume(records)),
      );
      // Assess
      expect(results.reduce((sum, result) => sum + result.applied, 0)).toBe(100);
      for (const partition of ['a', 'b', 'c', 'd'])
        expect(memory.applied.get(partition)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    });

    it('applies the other partitions when one fails, and only the failed one when the batch is retried', async () => {
      // Prepare
      const memory = memoryEffects();
      const consumer = consumerOf(memory);
      const records = interleaved(['a', 'b', 'c', 'd', 'e'], 4);
      memory.failing.add('c');
      // Act
      const failure = await consumer.consume(records).then(
        () => undefined,
        (error: unknown) => error,
      );
      memory.failing.clear();
      const retried = await consumer.consume(records);
      // Assess
      expect(failure).toBeInstanceOf(PartitionsFailedError);
      expect((failure as PartitionsFailedError).failures.map((entry) => entry.key)).toEqual(['c']);
      expect(retried).toEqual({ applied: 4, skipped: 16, partitions: 5 });
      for (const partition of ['a', 'b', 'c', 'd', 'e']) expect(memory.applied.get(partition)).toEqual([1, 2, 3, 4]);
    });

    it('keeps the runs a partition applied before a later run failed', async () => {
      // Prepare
      const memory = memoryEffects();
      let runs = 0;
      const apply = memory.effects.apply;
      const consumer = consumerOf(memory, {
        runsOf: (records) => [records.slice(0, 2), records.slice(2)],
        apply: async (...args) => {
          if (++runs === 2) throw new Error('throttled');
          return apply(...args);
        },
      });
      const records = interleaved(['a'], 5);
      // Act
      await expect(consumer.consume(records)).rejects.toBeInstanceOf(PartitionsFailedError);
      const retried = await consumer.consume(records);
      // Assess
      expect(retried.applied).toBe(3);
      expect(memory.applied.get('a')).toEqual([1, 2, 3, 4, 5]);
    });

    it('gives up on a partition whose checkpoint keeps moving, naming it', async () => {
      // Prepare
      const memory = memoryEffects();
      const consumer = consumerOf(memory, { maxAttempts: 3, apply: async () => false });
      // Act
      const failure = await consumer.consume(interleaved(['a'], 2)).then(
        () => undefined,
        (error: unknown) => error,
      );
      // Assess
      expect((failure as PartitionsFailedError).failures[0]!.error).toBeInstanceOf(CheckpointContentionError);
      expect(memory.calls.reads).toBe(3);
    });
  });
});
