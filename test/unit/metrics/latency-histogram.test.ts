import { describe, expect, it } from 'vitest';
import {
  addLatency,
  emptyLatency,
  LATENCY_BOUNDS_MS,
  LATENCY_BUCKETS,
  latencyBucketOf,
  latencyQuantile,
} from '../../../shared/metrics/latency-histogram';

describe('latency histogram', () => {
  it('puts a latency in the first bucket whose bound holds it, and anything past the last bound in the last bucket', () => {
    expect(latencyBucketOf(0)).toBe(0);
    expect(latencyBucketOf(1)).toBe(0);
    expect(latencyBucketOf(1.01)).toBe(1);
    expect(latencyBucketOf(49)).toBe(LATENCY_BOUNDS_MS.indexOf(50));
    expect(latencyBucketOf(60_000)).toBe(LATENCY_BUCKETS - 1);
  });

  it('gives a quantile as the bound of the bucket it falls in, and none for an empty histogram', () => {
    const counts = emptyLatency();
    for (const latency of [...Array<number>(90).fill(4), ...Array<number>(9).fill(45), 700]) counts[latencyBucketOf(latency)]! += 1;
    expect(latencyQuantile(counts, 0.5)).toBe(5);
    expect(latencyQuantile(counts, 0.9)).toBe(5);
    expect(latencyQuantile(counts, 0.95)).toBe(50);
    expect(latencyQuantile(counts, 1)).toBe(1000);
    expect(latencyQuantile(emptyLatency(), 0.5)).toBeUndefined();
  });

  it('merges histograms by adding their counts, so the quantiles of a window need no records', () => {
    const fast = emptyLatency();
    const slow = emptyLatency();
    fast[latencyBucketOf(2)] = 10;
    slow[latencyBucketOf(200)] = 30;
    addLatency(fast, slow);
    expect(fast.reduce((sum, count) => sum + count, 0)).toBe(40);
    expect(latencyQuantile(fast, 0.5)).toBe(200);
    expect(latencyQuantile(fast, 0.25)).toBe(2);
  });
});
