/**
 * Decision latency as a fixed-bucket histogram: counts per bucket of a fixed set of upper bounds
 * (milliseconds). Histograms of any minutes, agents or shards merge by adding their counts, so
 * percentiles of a whole window come from the rollups without reading a single record. The price is
 * resolution: a percentile is known to its bucket, and is reported as the bucket's upper bound
 * (the last bucket, unbounded, as its lower bound). See docs/decisions/metrics.md.
 */

/** Upper bounds of the buckets (ms), inclusive; a last bucket holds everything above. */
export const LATENCY_BOUNDS_MS = [1, 2, 3, 5, 7.5, 10, 15, 20, 30, 50, 75, 100, 200, 500, 1000, 2500] as const;

/** Buckets per histogram (the bounds, and one above the last). */
export const LATENCY_BUCKETS = LATENCY_BOUNDS_MS.length + 1;

/** Counts per bucket, LATENCY_BUCKETS long. */
export type LatencyCounts = readonly number[];

/** The bucket a latency falls in. */
export function latencyBucketOf(latencyMs: number): number {
  const index = LATENCY_BOUNDS_MS.findIndex((bound) => latencyMs <= bound);
  return index === -1 ? LATENCY_BOUNDS_MS.length : index;
}

/** An empty histogram. */
export const emptyLatency = (): number[] => new Array<number>(LATENCY_BUCKETS).fill(0);

/** Adds `more` into `into` (same length), in place. */
export function addLatency(into: number[], more: LatencyCounts): void {
  for (let bucket = 0; bucket < LATENCY_BUCKETS; bucket++) into[bucket] = (into[bucket] ?? 0) + (more[bucket] ?? 0);
}

/**
 * The `q` quantile (0 < q ≤ 1) of a histogram, as the upper bound of the bucket it falls in;
 * undefined for an empty histogram.
 */
export function latencyQuantile(counts: LatencyCounts, q: number): number | undefined {
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return undefined;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let bucket = 0; bucket < LATENCY_BUCKETS; bucket++) {
    seen += counts[bucket] ?? 0;
    if (seen >= rank) return LATENCY_BOUNDS_MS[bucket] ?? LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 1];
  }
  return LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 1];
}
