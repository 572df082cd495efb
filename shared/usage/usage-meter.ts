/**
 * Metering from the audit stream: decision records arrive in stream order, in batches, at least
 * once. Usage is one counter item per tenant, day and agent, and each item remembers, per audit
 * shard, the stream sequence of the last record it counted (audit/audit-stream-positions.ts): a
 * batch adds to each agent's day with one conditional write that moves those positions, no
 * transaction and no checkpoint item, so each decision is counted exactly once however often it is
 * delivered. A batch's agents are metered concurrently. See docs/decisions/stream-consumers.md.
 */

import * as z from 'zod';
import { addOnce, type ShardRange, shardRangesOf } from '../audit/audit-stream-positions';
import { forEachPartition, inPartitions } from '../streams/stream-partitions';
import type { UsageCounter } from './usage';

/** What metering reads of an audit-table item; other audit items (changes) are not decisions. */
const DecisionItemSchema = z.object({
  itemType: z.literal('decision'),
  id: z.string(),
  tenantId: z.string(),
  at: z.string().datetime(),
  agent: z.object({ id: z.string(), team: z.string(), role: z.string(), environment: z.string() }),
  effect: z.enum(['allow', 'deny', 'require_approval']),
  /** Set on the first record of a batch request (counts one batch request). */
  batchFirst: z.boolean().optional(),
});

/** What metering needs of a decision record, and where it sits in the stream. */
export type MeteredDecision = z.infer<typeof DecisionItemSchema> & {
  /** The stream record's sequence number (a decimal string). */
  readonly sequence: string;
};

/**
 * The metered view of a new audit item at a stream position; undefined for items that are not
 * decisions. A decision item that does not parse throws: the batch is retried, then dead-lettered,
 * never silently uncounted.
 */
export function meteredDecisionOf(item: Record<string, unknown>, sequence: string | undefined): MeteredDecision | undefined {
  if (item.itemType !== 'decision') return undefined;
  if (!sequence) throw new Error('A decision record came without its stream sequence number');
  return { ...DecisionItemSchema.parse(item), sequence };
}

/** One agent's day: the usage counter item a decision adds to. */
export interface UsageItemKey {
  readonly tenantId: string;
  /** The UTC day, `YYYY-MM-DD`. */
  readonly day: string;
  readonly agentId: string;
}

/**
 * Additions to one agent's counters for one day from a run of its records, with the run's stream
 * range per audit shard: the store adds it only if none of them was counted before.
 */
export interface UsageIncrement extends UsageItemKey, Omit<UsageCounter, 'day' | 'agentId'> {
  readonly shards: readonly ShardRange[];
  /** Decisions in the run. */
  readonly records: number;
}

/**
 * Where the meter keeps counters. Each agent's day carries, per audit shard, the sequence of the
 * last record counted in it: stream order holds within an audit partition, so a record at or
 * before it was counted before.
 */
export interface UsageMeterStore {
  /**
   * Adds the increment to its agent's day if, for every shard of `increment.shards`, the item's
   * sequence is before `first`, and moves each to `last`, atomically; false (nothing written)
   * otherwise.
   */
  add(increment: UsageIncrement): Promise<boolean>;
  /** The agent's day's last sequence per audit shard (strongly consistent): shards never counted are absent. */
  sequences(key: UsageItemKey): Promise<ReadonlyMap<number, string>>;
}

/** Sums one agent's run of records (in stream order) into its increment. */
export function incrementOf(key: UsageItemKey, records: readonly MeteredDecision[]): UsageIncrement {
  const last = records[records.length - 1];
  if (last === undefined) throw new RangeError('An increment needs at least one record');
  let [allowed, denied, approvalsRequired, batchRequests] = [0, 0, 0, 0];
  for (const record of records) {
    if (record.effect === 'allow') allowed++;
    else if (record.effect === 'deny') denied++;
    else approvalsRequired++;
    if (record.batchFirst) batchRequests++;
  }
  return {
    ...key,
    // An agent's team, role and environment as of its last decision in the run.
    team: last.agent.team,
    role: last.agent.role,
    environment: last.agent.environment,
    decisions: records.length,
    allowed,
    denied,
    approvalsRequired,
    batchRequests,
    shards: shardRangesOf(records),
    records: records.length,
  };
}

/** The agent's day a decision counts in. */
const itemKeyOf = (record: MeteredDecision): UsageItemKey => ({
  tenantId: record.tenantId,
  day: record.at.slice(0, 10),
  agentId: record.agent.id,
});

/** How the usage meter is made. */
export interface UsageMeterDeps {
  readonly store: UsageMeterStore;
  /** Agents' days metered at once (default 16). */
  readonly concurrency?: number;
}

/** The usage meter: counts each decision record of the audit stream into usage exactly once. */
export function createUsageMeter(deps: UsageMeterDeps) {
  const { store } = deps;
  return {
    /**
     * Counts a batch of decision records (any tenants, days and agents) exactly once, one write
     * per agent's day, several at once; returns how many were new. Throws once every agent's day
     * has settled if any failed (the batch is then retried, and only what was not counted is counted).
     */
    async meter(records: readonly MeteredDecision[]): Promise<number> {
      const items = inPartitions(records, {
        partitionOf: itemKeyOf,
        keyOf: (key) => `${key.tenantId}#${key.day}#${key.agentId}`,
      });
      const added = await forEachPartition(
        items,
        ({ key, partition, records: run }) =>
          addOnce(run, {
            key,
            writesOf: (pending) => [incrementOf(partition, pending)],
            add: (increment) => store.add(increment),
            positions: () => store.sequences(partition),
          }),
        { concurrency: deps.concurrency ?? 16 },
      );
      return added.reduce((sum, count) => sum + count, 0);
    },
  };
}

export type UsageMeter = ReturnType<typeof createUsageMeter>;
