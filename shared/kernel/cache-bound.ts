/**
 * How Warden bounds its in-memory caches (lru-cache). With `max`, lru-cache allocates storage for
 * every entry it may ever hold when the cache is constructed: about 10 ms per 50,000 entries, paid
 * on every cold start by every cache, whether it ever fills or not. Bounding by `maxSize`, every
 * entry counting 1, is the same limit with storage that grows as entries arrive.
 */

/** lru-cache options holding at most `entries` entries, allocated as they arrive. */
export const upTo = (entries: number) => ({ maxSize: entries, sizeCalculation: () => 1 });
