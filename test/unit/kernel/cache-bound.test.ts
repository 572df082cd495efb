import { LRUCache } from 'lru-cache';
import { describe, expect, it } from 'vitest';
import { upTo } from '../../../shared/kernel/cache-bound';

describe('upTo', () => {
  it('holds at most the given number of entries, evicting the least recently used', () => {
    const cache = new LRUCache<string, number>(upTo(3));
    for (const [index, key] of ['a', 'b', 'c'].entries()) cache.set(key, index);
    cache.get('a');
    cache.set('d', 3);
    expect([...cache.keys()].sort()).toEqual(['a', 'c', 'd']);
    expect(cache.size).toBe(3);
  });

  it('keeps the bound with a fetch method, whatever the values are', async () => {
    const cache = new LRUCache<string, { text: string }>({ ...upTo(2), fetchMethod: async (key) => ({ text: key.repeat(1000) }) });
    for (const key of ['x', 'y', 'z']) await cache.fetch(key);
    expect(cache.size).toBe(2);
    expect(cache.has('x')).toBe(false);
  });
});
