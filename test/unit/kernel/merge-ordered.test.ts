import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ChunkSource, mergeFirst } from '../../../shared/kernel/merge-ordered';

/** A source over `items` (in order) giving `chunk` at a time, counting its reads. */
function sourceOf(items: readonly number[], chunk: number, reads: { count: number }): ChunkSource<number> {
  let at = 0;
  return async () => {
    reads.count++;
    const next = items.slice(at, at + chunk);
    at += next.length;
    return next;
  };
}

const descending = (a: number, b: number) => a > b;

describe('Function: mergeFirst', () => {
  it('gives the first items of all lists together, in order, each once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 30 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 1, max: 7 }),
        async (lists, count, chunk) => {
          const sorted = lists.map((list) => [...list].sort((a, b) => b - a));
          const merged = await mergeFirst(
            sorted.map((list) => sourceOf(list, chunk, { count: 0 })),
            count,
            descending,
          );
          expect(merged).toEqual(
            sorted
              .flat()
              .sort((a, b) => b - a)
              .slice(0, count),
          );
        },
      ),
    );
  });

  it('reads a list again only when its next item could be among the first', async () => {
    const reads = [{ count: 0 }, { count: 0 }];
    const merged = await mergeFirst([sourceOf([90, 80, 70, 60], 2, reads[0]!), sourceOf([10, 5, 1], 2, reads[1]!)], 3, descending);
    expect(merged).toEqual([90, 80, 70]);
    expect(reads.map((read) => read.count)).toEqual([2, 1]);
  });
});
