/**
 * The metrics rollup's stores in memory, with the DynamoDB adapters' observable behaviour
 * (shared/adapters/dynamodb/dynamodb-metrics-store.ts): counters per bucket, dimension and shard,
 * moved with the partition's checkpoint or not at all; reads sum the shards.
 */
import type { AuditPartition } from '../../../shared/audit/audit-shards';
import {
  compareBuckets,
  type MetricBucket,
  type MetricCounts,
  type MetricsRollupStore,
  type MetricsStore,
  sumCounts,
} from '../../../shared/metrics/metric-rollup';

export function createInMemoryMetricsStores(): { rollup: MetricsRollupStore; metrics: MetricsStore } {
  const checkpoints = new Map<string, string>();
  /** Counters by `<tenant>|<granularity>|<bucket>`, then by `<dimension>#<shard>`. */
  const buckets = new Map<string, Map<string, MetricCounts & { dimension: string; team?: string }>>();
  const checkpointKey = (partition: AuditPartition) => `${partition.tenantId}|${partition.day}|${partition.shard}`;

  return {
    rollup: {
      checkpoint: async (partition) => checkpoints.get(checkpointKey(partition)),
      async apply(partition, expected, next, increments) {
        const key = checkpointKey(partition);
        if (checkpoints.get(key) !== expected) return false;
        checkpoints.set(key, next);
        for (const increment of increments) {
          const bucketKey = `${partition.tenantId}|${increment.granularity}|${increment.bucket}`;
          const counters = buckets.get(bucketKey) ?? new Map<string, MetricCounts & { dimension: string; team?: string }>();
          buckets.set(bucketKey, counters);
          const counterKey = `${increment.dimension}#${partition.shard}`;
          const before = counters.get(counterKey);
          counters.set(counterKey, {
            dimension: increment.dimension,
            ...(increment.team === undefined ? {} : { team: increment.team }),
            ...sumCounts(before ? [before, increment] : [increment]),
          });
        }
        return true;
      },
    },
    metrics: {
      async listBuckets(tenantId, granularity, wanted, dimension) {
        const prefix = dimension.endsWith('#') ? dimension : `${dimension}#`;
        const read: MetricBucket[] = [];
        for (const bucket of wanted) {
          const byDimension = new Map<string, (MetricCounts & { team?: string })[]>();
          for (const [counterKey, counts] of buckets.get(`${tenantId}|${granularity}|${bucket}`) ?? []) {
            if (!counterKey.startsWith(prefix)) continue;
            byDimension.set(counts.dimension, [...(byDimension.get(counts.dimension) ?? []), counts]);
          }
          for (const [name, counts] of byDimension) {
            const team = counts[0]?.team;
            read.push({ bucket, dimension: name, ...(team === undefined ? {} : { team }), ...sumCounts(counts) });
          }
        }
        return read.sort(compareBuckets);
      },
    },
  };
}
