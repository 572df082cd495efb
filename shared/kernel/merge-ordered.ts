/**
 * Merging lists that are each already in order — one per partition of something spread over
 * several partitions — reading each only as far as the merged result needs.
 */

/** The next chunk of a list in order; an empty chunk means the list has ended. */
export type ChunkSource<T> = () => Promise<readonly T[]>;

/**
 * The first `count` items of the lists the `sources` give, merged in the order `precedes` defines
 * (each source already in that order). Every source's first chunk is read at once; after that a
 * source is read again only when its next item could be among the first `count`.
 */
export async function mergeFirst<T>(sources: readonly ChunkSource<T>[], count: number, precedes: (a: T, b: T) => boolean): Promise<T[]> {
  const chunks = (await Promise.all(sources.map((source) => source()))).map((chunk) => [...chunk]);
  const positions = sources.map(() => 0);
  const ended = chunks.map((chunk) => chunk.length === 0);
  const merged: T[] = [];
  while (merged.length < count) {
    let first = -1;
    for (let i = 0; i < sources.length; i++) {
      if (ended[i]) continue;
      if (first < 0 || precedes(chunks[i]![positions[i]!]!, chunks[first]![positions[first]!]!)) first = i;
    }
    if (first < 0) break;
    merged.push(chunks[first]![positions[first]!]!);
    positions[first]!++;
    if (positions[first] === chunks[first]!.length && merged.length < count) {
      chunks[first] = [...(await sources[first]!())];
      positions[first] = 0;
      ended[first] = chunks[first]!.length === 0;
    }
  }
  return merged;
}
