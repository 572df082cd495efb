import { describe, expect, it } from 'vitest';
import { PartitionsFailedError } from '../../../shared/streams/errors';
import { forEachPartition, inPartitions, paddedSequence } from '../../../shared/streams/stream-partitions';

const record = (partition: string, sequence: string) => ({ partition, sequence });
const byPartition = { partitionOf: (r: { partition: string }) => r.partition, keyOf: (p: string) => p };

describe('Function: paddedSequence', () => {
  it('orders sequence numbers of different lengths as numbers', () => {
    const sequences = ['900', '10000000000000000001', '99999999999999999999', '100000000000000000000'];
    expect([...sequences].map(paddedSequence).sort()).toEqual(sequences.map(paddedSequence));
  });
});

describe('Function: inPartitions', () => {
  it('groups interleaved records by partition, each in stream order, partitions in order of first appearance', () => {
    const batch = [record('b', '20'), record('a', '100'), record('b', '3'), record('a', '9'), record('c', '1')];
    expect(inPartitions(batch, byPartition).map(({ key, records }) => [key, records.map((r) => r.sequence)])).toEqual([
      ['b', ['3', '20']],
      ['a', ['9', '100']],
      ['c', ['1']],
    ]);
  });
});

describe('Function: forEachPartition', () => {
  const partitions = (count: number) =>
    inPartitions(
      Array.from({ length: count }, (_, i) => record(`p${i}`, String(i + 1))),
      byPartition,
    );

  it('works on several partitions at once, never more than the bound', async () => {
    // Prepare
    let inFlight = 0;
    let most = 0;
    // Act
    const keys = await forEachPartition(
      partitions(40),
      async ({ key }) => {
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        return key;
      },
      { concurrency: 6 },
    );
    // Assess
    expect(most).toBe(6);
    expect(keys).toEqual(Array.from({ length: 40 }, (_, i) => `p${i}`));
  });

  it('lets every other partition finish before reporting the ones that failed', async () => {
    // Prepare
    const done: string[] = [];
    // Act
    const outcome = forEachPartition(
      partitions(10),
      async ({ key }) => {
        await new Promise((resolve) => setImmediate(resolve));
        if (key === 'p2' || key === 'p7') throw new Error(`${key} is down`);
        done.push(key);
      },
      { concurrency: 3 },
    );
    // Assess
    const error = await outcome.then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(PartitionsFailedError);
    expect((error as PartitionsFailedError).failures.map((failure) => failure.key)).toEqual(['p2', 'p7']);
    expect((error as PartitionsFailedError).cause).toEqual(new Error('p2 is down'));
    expect(done.sort()).toEqual(['p0', 'p1', 'p3', 'p4', 'p5', 'p6', 'p8', 'p9']);
  });
});
