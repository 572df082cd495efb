/**
 * Metrics rolled up from the audit stream: every decision record adds to the counters of its
 * minute, hour and day, for its tenant, its team and its agent (nine counters), exactly once
 * (shared/streams/checkpointed-consumer.ts, as the usage meter). The metrics routes and the
 * detectors read these buckets; nothing reads the audit log to draw a chart.
 * See docs/decisions/metrics.md.
 */
import * as z from 'zod';
import { type AuditPartition, auditPartitionOf } from '../audit/audit-shards';
import { createCheckpointedConsumer } from '../streams/checkpointed-consumer';
import { emptyLatency, LATENCY_BUCKETS, latencyBucketOf } from './latency-histogram';

/** What the rollup reads of an audit-table item. */
const RolledItemSchema = z.object({
  itemType: z.literal('decision'),
  id: z.string(),
  tenantId: z.string(),
  at: z.string().datetime(),
  agent: z.object({ id: z.string(), team: z.string() }),
  effect: z.enum(['allow', 'deny', 'require_approval']),
  latencyMs: z.number().nonnegative(),
  request: z.object({ action: z.string(), tool: z.string().optional() }),
});

/** A decision as the rollup sees it, with its stream position (a decimal string). */
export type RolledDecision = z.infer<typeof RolledItemSchema> & { readonly sequence: string };

/**
 * The rolled-up view of a new audit item; undefined for items that are not decisions. A decision
 * item that does not parse throws: the batch is retried, then dead-lettered, never silently lost.
 */
export function rolledDecisionOf(item: Record<string, unknown>, sequence: string | undefined): RolledDecision | undefined {
  if (item.itemType !== 'decision') return undefined;
  if (!sequence) throw new Error('A decision record came without its stream sequence number');
  return { ...RolledItemSchema.parse(item), sequence };
}

/** Bucket sizes, each with the length of its key (a prefix of the ISO time) and how long it is kept. */
export const GRANULARITIES = {
  minute: { keyLength: 16, keepSeconds: 2 * 86_400 },
  hour: { keyLength: 13, keepSeconds: 35 * 86_400 },
  day: { keyLength: 10, keepSeconds: 400 * 86_400 },
} as const;
export type Granularity = keyof typeof GRANULARITIES;
const GRANULARITY_NAMES = Object.keys(GRANULARITIES) as Granularity[];

/** The bucket of a time: `2026-11-24T10:05` (minute), `2026-11-24T10` (hour), `2026-11-24` (day). */
export const bucketOf = (at: string, granularity: Granularity): string => at.slice(0, GRANULARITIES[granularity].keyLength);

/** What a bucket is counted for: the tenant, one team, or one agent. */
export const dimensions = {
  tenant: 'tenant',
  team: (team: string) => `team#${team}`,
  agent: (agentId: string) => `agent#${agentId}`,
} as const;

/** Counters of one bucket and dimension. */
export interface MetricCounts {
  readonly decisions: number;
  readonly allowed: number;
  readonly denied: number;
  readonly approvalsRequired: number;
  /** Latency histogram (latency-histogram.ts). */
  readonly latency: readonly number[];
}

/** Additions to one bucket of one dimension. */
export interface MetricIncrement extends MetricCounts {
  readonly granularity: Granularity;
  readonly bucket: string;
  readonly dimension: string;
  /** An agent's team, kept on its counters (so a team's agents can be told apart). */
  readonly team?: string;
}

const keyOf = (granularity: Granularity, bucket: string, dimension: string) => `${granularity}|${bucket}|${dimension}`;

/** The counters a record adds to (as keys). */
function targetsOf(record: RolledDecision): { granularity: Granularity; bucket: string; dimension: string; team?: string }[] {
  const dimensionsOfRecord = [
    { dimension: dimensions.tenant },
    { dimension: dimensions.team(record.agent.team) },
    { dimension: dimensions.agent(record.agent.id), team: record.agent.team },
  ];
  return GRANULARITY_NAMES.flatMap((granularity) =>
    dimensionsOfRecord.map((target) => ({ granularity, bucket: bucketOf(record.at, granularity), ...target })),
  );
}

/** Sums records into one increment per bucket and dimension. */
export function metricIncrementsOf(records: readonly RolledDecision[]): MetricIncrement[] {
  const byKey = new Map<string, MetricIncrement & { latency: number[] }>();
  for (const record of records) {
    const latencyBucket = latencyBucketOf(record.latencyMs);
    for (const target of targetsOf(record)) {
      const key = keyOf(target.granularity, target.bucket, target.dimension);
      const current = byKey.get(key) ?? { ...target, decisions: 0, allowed: 0, denied: 0, approvalsRequired: 0, latency: emptyLatency() };
      current.latency[latencyBucket] = (current.latency[latencyBucket] ?? 0) + 1;
      byKey.set(key, {
        ...current,
        decisions: current.decisions + 1,
        allowed: current.allowed + (record.effect === 'allow' ? 1 : 0),
        denied: current.denied + (record.effect === 'deny' ? 1 : 0),
        approvalsRequired: current.approvalsRequired + (record.effect === 'require_approval' ? 1 : 0),
      });
    }
  }
  return [...byKey.values()];
}

/** Counters one apply may touch (a transaction holds 100 items, one of them the checkpoint). */
export const MAX_COUNTERS_PER_APPLY = 99;

/** Splits one partition's records (in stream order) into runs touching at most MAX_COUNTERS_PER_APPLY counters each. */
export function metricRunsOf(records: readonly RolledDecision[]): RolledDecision[][] {
  const runs: RolledDecision[][] = [];
  let run: RolledDecision[] = [];
  let touched = new Set<string>();
  for (const record of records) {
    const keys = targetsOf(record).map((target) => keyOf(target.granularity, target.bucket, target.dimension));
    const added = keys.filter((key) => !touched.has(key)).length;
    if (touched.size + added > MAX_COUNTERS_PER_APPLY) {
      runs.push(run);
      run = [];
      touched = new Set();
    }
    for (const key of keys) touched.add(key);
    run.push(record);
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/** Where the rollup keeps its counters and, per audit partition, its checkpoint. */
export interface MetricsRollupStore {
  /** The last sequence number rolled up for an audit partition (padded), if any. */
  checkpoint(partition: AuditPartition): Promise<string | undefined>;
  /**
   * Adds the increments to the partition's counters and moves its checkpoint from `expected` to
   * `next`, atomically; false (nothing written) when the checkpoint is no longer `expected`.
   */
  apply(partition: AuditPartition, expected: string | undefined, next: string, increments: readonly MetricIncrement[]): Promise<boolean>;
}

/** One bucket of one dimension as read back (the shards' counters summed). */
export interface MetricBucket extends MetricCounts {
  readonly bucket: string;
  readonly dimension: string;
  /** On an agent's counters: its team (the last one it decided in). */
  readonly team?: string;
  /**
   * On an agent's minute: the actions it asked for (keys of action-key.ts), at most
   * MAX_ACTIONS_PER_AGENT_MINUTE of them; absent on other buckets.
   */
  readonly actions?: readonly string[];
  /** On the tenant's and teams' hours and days: denied decisions per action key; absent on other buckets. */
  readonly deniedActions?: Readonly<Record<string, number>>;
}

/** Actions kept per agent and minute (a new_action detector needs only to know which). */
export const MAX_ACTIONS_PER_AGENT_MINUTE = 20;

/** Orders buckets by time, then dimension. */
export const compareBuckets = (a: MetricBucket, b: MetricBucket): number =>
  a.bucket < b.bucket ? -1 : a.bucket > b.bucket ? 1 : a.dimension < b.dimension ? -1 : a.dimension > b.dimension ? 1 : 0;

/** Reading the rollups. */
export interface MetricsStore {
  /**
   * The counters of a tenant's buckets (at most MAX_BUCKETS_PER_READ) whose dimension starts with
   * `dimension`: one dimension (`tenant`, `team#ops`) or every dimension of a kind (`team#`,
   * `agent#`); each bucket and dimension once (shards summed), ordered by bucket then dimension.
   */
  listBuckets(tenantId: string, granularity: Granularity, buckets: readonly string[], dimension: string): Promise<MetricBucket[]>;
}

/** Buckets one read may ask for (a 7-day window in hours is 168). */
export const MAX_BUCKETS_PER_READ = 200;

/** How the rollup is made. */
export interface MetricsRollupDeps {
  readonly store: MetricsRollupStore;
  /** Audit partitions rolled up at once (default 16). */
  readonly concurrency?: number;
}

/** The metrics rollup: adds each decision record of the audit stream to its buckets exactly once. */
export function createMetricsRollup(deps: MetricsRollupDeps) {
  const consumer = createCheckpointedConsumer<AuditPartition, RolledDecision>({
    partitionOf: (record) => auditPartitionOf(record.tenantId, record.at, record.id),
    keyOf: (partition) => `${partition.tenantId}#${partition.day}#${partition.shard}`,
    checkpoint: (partition) => deps.store.checkpoint(partition),
    apply: (partition, expected, next, run) => deps.store.apply(partition, expected, next, metricIncrementsOf(run)),
    runsOf: metricRunsOf,
    ...(deps.concurrency === undefined ? {} : { concurrency: deps.concurrency }),
  });
  return {
    /** Rolls up a batch of decision records exactly once; returns how many were new. Throws if any partition failed. */
    async rollUp(records: readonly RolledDecision[]): Promise<number> {
      return (await consumer.consume(records)).applied;
    },
  };
}

export type MetricsRollup = ReturnType<typeof createMetricsRollup>;

/** Sums counters (of shards, or of buckets). */
export function sumCounts(counts: readonly MetricCounts[]): MetricCounts {
  const latency = emptyLatency();
  let decisions = 0;
  let allowed = 0;
  let denied = 0;
  let approvalsRequired = 0;
  for (const count of counts) {
    decisions += count.decisions;
    allowed += count.allowed;
    denied += count.denied;
    approvalsRequired += count.approvalsRequired;
    for (let bucket = 0; bucket < LATENCY_BUCKETS; bucket++) latency[bucket] = (latency[bucket] ?? 0) + (count.latency[bucket] ?? 0);
  }
  return { decisions, allowed, denied, approvalsRequired, latency };
}

/**
 * What the rollup tells CloudWatch about a batch (Embedded Metric Format, no tenant or agent
 * dimension: a fleet's worth of tenants would be a fleet's worth of metrics): the decisions and
 * their outcomes, and each decision's latency (CloudWatch computes the percentiles).
 */
export function cloudMetricsOf(records: readonly RolledDecision[]) {
  return {
    decisions: records.length,
    denied: records.filter((record) => record.effect === 'deny').length,
    approvalsRequired: records.filter((record) => record.effect === 'require_approval').length,
    latenciesMs: records.map((record) => record.latencyMs),
  };
}
