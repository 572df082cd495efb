/**
 * The metrics rollup's storage: counters per bucket, dimension and audit shard in the control
 * table (`<t>#METRICS#<granularity>#<bucket>`, sort key `<dimension>#<shard>`), moved in one
 * transaction with the audit partition's checkpoint, as the usage meter's (see
 * dynamodb-usage-meter-store.ts). Buckets expire with their granularity (minutes after 2 days,
 * hours after 35, days after 400).
 */
import type { AuditPartition } from '../../audit/audit-shards';
import { LATENCY_BUCKETS } from '../../metrics/latency-histogram';
import {
  GRANULARITIES,
  MAX_BUCKETS_PER_READ,
  type MetricBucket,
  type MetricIncrement,
  type MetricsRollupStore,
  type MetricsStore,
  compareBuckets,
  sumCounts,
} from '../../metrics/metric-rollup';
import { controlKeys } from './keys';
import { queryRecords } from './query-pages';
import { checkpointedCounters } from './stream-checkpoints';
import type { TenantClients } from './tenant-clients';
import type { TransactItem } from './transact-write';

/** Latency buckets are top-level attributes `l0`…`l16`: ADD creates them on a new item. */
const latencyAttribute = (bucket: number) => `l${bucket}`;

function counterUpdate(table: string, partition: AuditPartition, increment: MetricIncrement): TransactItem {
  const { granularity, bucket, dimension } = increment;
  const expiresAtEpoch = Math.floor(Date.parse(partition.day) / 1000) + GRANULARITIES[granularity].keepSeconds;
  const latency = increment.latency.flatMap((count, index) => (count > 0 ? [index] : []));
  return {
    Update: {
      TableName: table,
      Key: controlKeys.metrics(partition.tenantId, granularity, bucket, dimension, partition.shard),
      UpdateExpression: [
        `ADD decisions :n, allowed :allow, denied :deny, approvalsRequired :approval${latency.map((index) => `, ${latencyAttribute(index)} :l${index}`).join('')}`,
        `SET itemType = :type, granularity = :granularity, #bucket = :bucket, dimension = :dimension, expiresAtEpoch = :expires${increment.team === undefined ? '' : ', team = :team'}`,
      ].join(' '),
      ExpressionAttributeNames: { '#bucket': 'bucket' },
      ExpressionAttributeValues: {
        ':n': increment.decisions,
        ':allow': increment.allowed,
        ':deny': increment.denied,
        ':approval': increment.approvalsRequired,
        ...Object.fromEntries(latency.map((index) => [`:l${index}`, increment.latency[index]])),
        ':type': 'metric',
        ':granularity': granularity,
        ':bucket': bucket,
        ':dimension': dimension,
        ':expires': expiresAtEpoch,
        ...(increment.team === undefined ? {} : { ':team': increment.team }),
      },
    },
  };
}

export function createDynamoDbMetricsRollupStore(clients: TenantClients, tables: { control: string }): MetricsRollupStore {
  return checkpointedCounters(clients, tables.control, {
    checkpointKey: controlKeys.metricsCheckpoint,
    itemType: 'metrics-rollup',
    update: (partition, increment) => counterUpdate(tables.control, partition, increment),
  });
}

/** A stored counter item. */
type MetricItem = Record<string, unknown> & { bucket: string; dimension: string };

export function createDynamoDbMetricsStore(clients: TenantClients, tables: { control: string }): MetricsStore {
  return {
    async listBuckets(tenantId, granularity, buckets, dimension) {
      if (buckets.length > MAX_BUCKETS_PER_READ) throw new RangeError(`At most ${MAX_BUCKETS_PER_READ} buckets per read`);
      // An exact dimension (`team#ops`) is followed by `#<shard>`; a kind (`agent#`) is a prefix as it is.
      const prefix = dimension.endsWith('#') ? dimension : `${dimension}#`;
      const client = clients.forTenant(tenantId);
      const items = (
        await Promise.all(
          buckets.map((bucket) =>
            queryRecords<MetricItem>(client, {
              TableName: tables.control,
              KeyConditionExpression: 'pk = :p AND begins_with(sk, :prefix)',
              ExpressionAttributeValues: { ':p': controlKeys.metricsPartition(tenantId, granularity, bucket), ':prefix': prefix },
            }),
          ),
        )
      ).flat();
      const groups = new Map<string, MetricItem[]>();
      for (const item of items) {
        const key = `${item.bucket}|${item.dimension}`;
        groups.set(key, [...(groups.get(key) ?? []), item]);
      }
      const read = [...groups.values()].map((group): MetricBucket => {
        const first = group[0]!;
        return {
          bucket: first.bucket,
          dimension: first.dimension,
          ...(typeof first.team === 'string' ? { team: first.team } : {}),
          ...sumCounts(
            group.map((item) => ({
              decisions: Number(item.decisions ?? 0),
              allowed: Number(item.allowed ?? 0),
              denied: Number(item.denied ?? 0),
              approvalsRequired: Number(item.approvalsRequired ?? 0),
              latency: Array.from({ length: LATENCY_BUCKETS }, (_, index) => Number(item[latencyAttribute(index)] ?? 0)),
            })),
          ),
        };
      });
      return read.sort((a, b) => compareBuckets(a, b));
    },
  };
}
