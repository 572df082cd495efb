/**
 * The metrics rollup's stores in memory, with the DynamoDB adapters' observable behaviour
 * (shared/adapters/dynamodb/dynamodb-metrics-store.ts): one bucket per tenant, granularity and
 * bucket holding every dimension's counters and the last sequence added per audit shard; an
 * increment is added whole, with its shards' sequences moved, or not at all.
 */
import { emptyLatency } from '../../../shared/metrics/latency-histogram';
import {
  compareBuckets,
  dimensionMatches,
  type MetricBucket,
  type MetricsRollupStore,
  type MetricsStore,
} from '../../../shared/metrics/metric-rollup';

interface StoredDimension {
  decisions: number;
  denied: number;
  approvalsRequired: number;
  latency: number[];
  team?: string;
  actions: Set<string>;
  deniedActions: Map<string, number>;
}

interface StoredBucket {
  readonly sequences: Map<number, string>;
  readonly dimensions: Map<string, StoredDimension>;
}

export function createInMemoryMetricsStores(): { rollup: MetricsRollupStore; metrics: MetricsStore } {
  const buckets = new Map<string, StoredBucket>();
  const keyOf = (tenantId: string, granularity: string, bucket: string) => `${tenantId}|${granularity}|${bucket}`;

  return {
    rollup: {
      async add(increment) {
        const key = keyOf(increment.tenantId, increment.granularity, increment.bucket);
        const stored = buckets.get(key) ?? { sequences: new Map(), dimensions: new Map() };
        const behind = increment.shards.some((range) => {
          const last = stored.sequences.get(range.shard);
          return last !== undefined && last >= range.first;
        });
        if (behind) return false;
        buckets.set(key, stored);
        for (const range of increment.shards) stored.sequences.set(range.shard, range.last);
        for (const dimension of increment.dimensions) {
          const current = stored.dimensions.get(dimension.dimension) ?? {
            decisions: 0,
            denied: 0,
            approvalsRequired: 0,
            latency: emptyLatency(),
            actions: new Set<string>(),
            deniedActions: new Map<string, number>(),
          };
          current.decisions += dimension.decisions;
          current.denied += dimension.denied;
          current.approvalsRequired += dimension.approvalsRequired;
          dimension.latency.forEach((count, index) => (current.latency[index] = (current.latency[index] ?? 0) + count));
          if (dimension.team !== undefined) current.team = dimension.team;
          for (const action of dimension.actions ?? []) current.actions.add(action);
          for (const [action, count] of Object.entries(dimension.deniedActions ?? {}))
            current.deniedActions.set(action, (current.deniedActions.get(action) ?? 0) + count);
          stored.dimensions.set(dimension.dimension, current);
        }
        return true;
      },
      async sequences(tenantId, granularity, bucket) {
        return new Map(buckets.get(keyOf(tenantId, granularity, bucket))?.sequences ?? []);
      },
    },
    metrics: {
      async listBuckets(tenantId, granularity, wanted, dimension) {
        const read: MetricBucket[] = [];
        for (const bucket of wanted) {
          for (const [name, stored] of buckets.get(keyOf(tenantId, granularity, bucket))?.dimensions ?? []) {
            if (!dimensionMatches(name, dimension)) continue;
            read.push({
              bucket,
              dimension: name,
              ...(stored.team === undefined ? {} : { team: stored.team }),
              decisions: stored.decisions,
              allowed: stored.decisions - stored.denied - stored.approvalsRequired,
              denied: stored.denied,
              approvalsRequired: stored.approvalsRequired,
              latency: [...stored.latency],
              ...(stored.actions.size > 0 ? { actions: [...stored.actions].sort() } : {}),
              ...(stored.deniedActions.size > 0 ? { deniedActions: Object.fromEntries(stored.deniedActions) } : {}),
            });
          }
        }
        return read.sort(compareBuckets);
      },
    },
  };
}
