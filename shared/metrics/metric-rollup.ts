/**
 * Metrics rolled up from the audit stream: every decision record adds to the counters of its
 * tenant's minute, hour and day (three buckets), each holding its tenant's, teams' and agents'
 * counters, exactly once. A bucket remembers, per audit shard, the last record it took, so a
 * batch costs one conditional write per bucket it touches (MetricsRollupStore). The metrics
 * routes and the detectors read these buckets; nothing reads the audit log to draw a chart.
 * See docs/decisions/metrics.md.
 */
import pLimit from 'p-limit';
import * as z from 'zod';
import { addOnce, type ShardRange, shardRangesOf } from '../audit/audit-stream-positions';
import { PartitionsFailedError } from '../streams/errors';
import { actionKeyOf } from './action-key';
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

/** Additions to one dimension of a bucket. */
export interface DimensionIncrement extends MetricCounts {
  readonly dimension: string;
  /** An agent's team, kept on its counters (so a team's agents can be told apart). */
  readonly team?: string;
  /** On an agent's minute: the actions it asked for (at most MAX_ACTIONS_PER_AGENT_MINUTE). */
  readonly actions?: readonly string[];
  /** On the tenant's and teams' hours and days: denied decisions per action key. */
  readonly deniedActions?: Readonly<Record<string, number>>;
}

/**
 * Additions to one tenant's bucket from a run of records, with the stream range of the records
 * per audit shard: the store adds it only if none of them was added before (see MetricsRollupStore).
 */
export interface BucketIncrement {
  readonly tenantId: string;
  readonly granularity: Granularity;
  readonly bucket: string;
  readonly shards: readonly ShardRange[];
  readonly dimensions: readonly DimensionIncrement[];
  /** Decisions in the run. */
  readonly records: number;
}

/**
 * Counter names one write may add to at most: a bucket is one DynamoDB item, and an update
 * expression is at most 4 KB. A bucket's records beyond it go in further runs.
 */
export const MAX_COUNTERS_PER_WRITE = 150;

/** One dimension a record adds to, with the counter names it touches there (`<dimension>|<counter>`). */
interface Touch {
  readonly dimension: string;
  readonly team?: string;
  readonly names: readonly string[];
}

/** What a record adds to one bucket: its dimensions, and what the sums need of it (worked out once). */
interface RecordTouches {
  readonly record: RolledDecision;
  readonly touches: readonly Touch[];
  readonly latencyBucket: number;
  readonly actionKey: string;
}

/** The dimensions a record adds to in a bucket of `granularity`, with the counter names it touches. */
function touchesOf(record: RolledDecision, granularity: Granularity): RecordTouches {
  const latencyBucket = latencyBucketOf(record.latencyMs);
  const actionKey = actionKeyOf(record.request);
  const effect = record.effect === 'deny' ? 'x' : record.effect === 'require_approval' ? 'r' : undefined;
  const named = (dimension: string, extra: readonly string[]) => {
    const names = [`${dimension}|d`, `${dimension}|l${latencyBucket}`];
    if (effect) names.push(`${dimension}|${effect}`);
    for (const name of extra) names.push(`${dimension}|${name}`);
    return names;
  };
  const denied = record.effect === 'deny' && granularity !== 'minute' ? [`deny:${actionKey}`] : [];
  const team = dimensions.team(record.agent.team);
  const agent = dimensions.agent(record.agent.id);
  return {
    record,
    latencyBucket,
    actionKey,
    touches: [
      { dimension: dimensions.tenant, names: named(dimensions.tenant, denied) },
      { dimension: team, names: named(team, denied) },
      {
        dimension: agent,
        team: record.agent.team,
        names: named(agent, granularity === 'minute' ? ['team', `action:${actionKey}`] : ['team']),
      },
    ],
  };
}

/** A dimension's sums while a run is added up. */
interface DimensionSums {
  readonly dimension: string;
  team?: string;
  decisions: number;
  allowed: number;
  denied: number;
  approvalsRequired: number;
  readonly latency: number[];
  readonly actions: string[];
  readonly deniedActions: Record<string, number>;
}

/** Sums one bucket's run of records into its increment. */
function bucketIncrementOf(tenantId: string, granularity: Granularity, bucket: string, run: readonly RecordTouches[]): BucketIncrement {
  const byDimension = new Map<string, DimensionSums>();
  for (const { record, touches, latencyBucket, actionKey: key } of run) {
    for (const touch of touches) {
      let sums = byDimension.get(touch.dimension);
      if (sums === undefined) {
        sums = {
          dimension: touch.dimension,
          decisions: 0,
          allowed: 0,
          denied: 0,
          approvalsRequired: 0,
          latency: emptyLatency(),
          actions: [],
          deniedActions: {},
        };
        byDimension.set(touch.dimension, sums);
      }
      if (touch.team !== undefined) sums.team = touch.team;
      sums.decisions += 1;
      if (record.effect === 'allow') sums.allowed += 1;
      else if (record.effect === 'deny') sums.denied += 1;
      else sums.approvalsRequired += 1;
      sums.latency[latencyBucket] = (sums.latency[latencyBucket] ?? 0) + 1;
      const isAgent = touch.team !== undefined;
      if (isAgent && granularity === 'minute' && !sums.actions.includes(key) && sums.actions.length < MAX_ACTIONS_PER_AGENT_MINUTE)
        sums.actions.push(key);
      if (!isAgent && granularity !== 'minute' && record.effect === 'deny') sums.deniedActions[key] = (sums.deniedActions[key] ?? 0) + 1;
    }
  }
  return {
    tenantId,
    granularity,
    bucket,
    shards: shardRangesOf(run.map(({ record }) => record)),
    dimensions: [...byDimension.values()].map(({ actions, deniedActions, team, ...counts }) => ({
      ...counts,
      ...(team === undefined ? {} : { team }),
      ...(actions.length > 0 ? { actions } : {}),
      ...(Object.keys(deniedActions).length > 0 ? { deniedActions } : {}),
    })),
    records: run.length,
  };
}

/** A tenant's bucket and the records (in stream order) that add to it. */
export interface BucketRecords {
  readonly tenantId: string;
  readonly granularity: Granularity;
  readonly bucket: string;
  readonly records: readonly RolledDecision[];
}

/** Groups a batch's records by the tenant buckets they add to (each record to its minute, hour and day), in stream order. */
export function bucketsOfBatch(records: readonly RolledDecision[]): BucketRecords[] {
  const groups = new Map<string, { tenantId: string; granularity: Granularity; bucket: string; records: RolledDecision[] }>();
  for (const record of records)
    for (const granularity of GRANULARITY_NAMES) {
      const bucket = bucketOf(record.at, granularity);
      const key = `${record.tenantId}|${granularity}|${bucket}`;
      const group = groups.get(key) ?? { tenantId: record.tenantId, granularity, bucket, records: [] };
      group.records.push(record);
      groups.set(key, group);
    }
  return [...groups.values()];
}

/** Splits a bucket's records (in stream order) into runs that each touch at most MAX_COUNTERS_PER_WRITE counters. */
export function bucketRunsOf(group: BucketRecords): BucketIncrement[] {
  const runs: RecordTouches[][] = [];
  let run: RecordTouches[] = [];
  let touched = new Set<string>();
  for (const record of group.records) {
    const touches = touchesOf(record, group.granularity);
    let added = 0;
    for (const touch of touches.touches) for (const name of touch.names) if (!touched.has(name)) added++;
    if (run.length > 0 && touched.size + added > MAX_COUNTERS_PER_WRITE) {
      runs.push(run);
      run = [];
      touched = new Set();
    }
    for (const touch of touches.touches) for (const name of touch.names) touched.add(name);
    run.push(touches);
  }
  if (run.length > 0) runs.push(run);
  return runs.map((records) => bucketIncrementOf(group.tenantId, group.granularity, group.bucket, records));
}

/**
 * Where the rollup keeps a tenant's buckets. Each bucket carries, per audit shard, the sequence of
 * the last record added to it: stream order holds within an audit partition, so a record at or
 * before it was added before. That makes every bucket exactly-once on its own, with one
 * conditional write per bucket and batch: no transaction, no checkpoint item.
 */
export interface MetricsRollupStore {
  /**
   * Adds the increment to its bucket if, for every shard of `increment.shards`, the bucket's
   * sequence is before `first`, and moves each to `last`, atomically; false (nothing written)
   * otherwise.
   */
  add(increment: BucketIncrement): Promise<boolean>;
  /** The bucket's last sequence per audit shard (strongly consistent): shards never added to are absent. */
  sequences(tenantId: string, granularity: Granularity, bucket: string): Promise<ReadonlyMap<number, string>>;
}

/** One bucket of one dimension as read back. */
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

/** True when a bucket's dimension is the one asked for: exactly (`team#ops`), or of a kind (`agent#`). */
export const dimensionMatches = (dimension: string, asked: string): boolean =>
  asked.endsWith('#') ? dimension.startsWith(asked) : dimension === asked;

/** Reading the rollups. */
export interface MetricsStore {
  /**
   * The counters of a tenant's buckets (at most MAX_BUCKETS_PER_READ) of `dimension`: one
   * dimension (`tenant`, `team#ops`) or every dimension of a kind (`team#`, `agent#`); each
   * bucket and dimension once, ordered by bucket then dimension.
   */
  listBuckets(tenantId: string, granularity: Granularity, buckets: readonly string[], dimension: string): Promise<MetricBucket[]>;
}

/** Buckets one read may ask for (a 7-day window in hours is 168). */
export const MAX_BUCKETS_PER_READ = 200;

/** How the rollup is made. */
export interface MetricsRollupDeps {
  readonly store: MetricsRollupStore;
  /** Buckets written at once (default 16). */
  readonly concurrency?: number;
}

/** The metrics rollup: adds each decision record of the audit stream to its buckets exactly once. */
export function createMetricsRollup(deps: MetricsRollupDeps) {
  const { store } = deps;

  /** Adds a bucket's records not added before, run by run; returns how many were new. */
  const rollUpBucket = (group: BucketRecords): Promise<number> =>
    addOnce(group.records, {
      key: `${group.tenantId}|${group.granularity}|${group.bucket}`,
      writesOf: (records) => bucketRunsOf({ ...group, records }),
      add: (increment) => store.add(increment),
      positions: () => store.sequences(group.tenantId, group.granularity, group.bucket),
    });

  return {
    /**
     * Rolls up a batch of decision records exactly once; returns how many were new (in their
     * minutes). Every bucket of a granularity is worked on; if any failed, the finer granularities
     * are left and PartitionsFailedError thrown (a retry of the batch repeats only what was not added).
     */
    async rollUp(records: readonly RolledDecision[]): Promise<number> {
      const groups = bucketsOfBatch(records);
      const limit = pLimit(deps.concurrency ?? 16);
      const failures: { key: string; error: unknown }[] = [];
      let rolled = 0;
      // Days, then hours, then minutes: a reader that sees a decision in a finer bucket finds it
      // in the coarser ones too (the reports read series at one granularity, agents at a coarser
      // one). So when a coarser bucket failed, the finer ones wait for the batch's retry.
      for (const granularity of ['day', 'hour', 'minute'] as const) {
        if (failures.length > 0) break;
        await Promise.all(
          groups
            .filter((group) => group.granularity === granularity)
            .map((group) =>
              limit(async () => {
                try {
                  const added = await rollUpBucket(group);
                  if (group.granularity === 'minute') rolled += added;
                } catch (error) {
                  failures.push({ key: `${group.tenantId}|${group.granularity}|${group.bucket}`, error });
                }
              }),
            ),
        );
      }
      if (failures.length > 0) throw new PartitionsFailedError(failures, groups.length);
      return rolled;
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
