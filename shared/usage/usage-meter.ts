/**
 * Metering from the audit stream: decision records arrive in stream order, in batches, at least
 * once. Each audit partition (one shard of a tenant's day, audit-shards.ts) has a checkpoint, the
 * last stream sequence number it counted; a batch adds to that partition's usage counters only the
 * records after it, and moves it, in one transaction. Records of one partition arrive in order
 * (DynamoDB streams keep the order of a partition key), so each decision is counted exactly once
 * however often it is delivered; a batch's partitions are metered concurrently
 * (shared/streams/checkpointed-consumer.ts). See docs/decisions/decision-path.md and
 * docs/decisions/stream-consumers.md.
 */

import * as z from 'zod';
import { type AuditPartition, auditPartitionOf } from '../audit/audit-shards';
import { createCheckpointedConsumer } from '../streams/checkpointed-consumer';
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

/** Additions to one agent's counters for one day (the day and shard are the partition's). */
export type UsageIncrement = Omit<UsageCounter, 'day'>;

export interface UsageMeterStore {
  /** The last sequence number counted for an audit partition (padded), if any. */
  checkpoint(partition: AuditPartition): Promise<string | undefined>;
  /**
   * Adds the increments to the partition's counters and moves its checkpoint from `expected` to
   * `next`, atomically; false (nothing written) when the checkpoint is no longer `expected`.
   */
  apply(partition: AuditPartition, expected: string | undefined, next: string, increments: readonly UsageIncrement[]): Promise<boolean>;
}

/** Counters a transaction may touch at most (100 items, less the checkpoint). */
export const MAX_AGENTS_PER_APPLY = 99;

/** Sums records into per-agent increments. */
export function incrementsOf(records: readonly MeteredDecision[]): UsageIncrement[] {
  const byAgent = new Map<string, UsageIncrement>();
  for (const record of records) {
    const current = byAgent.get(record.agent.id) ?? {
      agentId: record.agent.id,
      team: record.agent.team,
      role: record.agent.role,
      environment: record.agent.environment,
      decisions: 0,
      allowed: 0,
      denied: 0,
      approvalsRequired: 0,
      batchRequests: 0,
    };
    byAgent.set(record.agent.id, {
      ...current,
      decisions: current.decisions + 1,
      allowed: current.allowed + (record.effect === 'allow' ? 1 : 0),
      denied: current.denied + (record.effect === 'deny' ? 1 : 0),
      approvalsRequired: current.approvalsRequired + (record.effect === 'require_approval' ? 1 : 0),
      batchRequests: current.batchRequests + (record.batchFirst ? 1 : 0),
    });
  }
  return [...byAgent.values()];
}

/**
 * Splits one partition's records (in stream order) into runs touching at most
 * MAX_AGENTS_PER_APPLY agents each, so each run fits one transaction.
 */
export function runsOf(records: readonly MeteredDecision[]): MeteredDecision[][] {
  const runs: MeteredDecision[][] = [];
  let run: MeteredDecision[] = [];
  let agents = new Set<string>();
  for (const record of records) {
    if (!agents.has(record.agent.id) && agents.size === MAX_AGENTS_PER_APPLY) {
      runs.push(run);
      run = [];
      agents = new Set();
    }
    agents.add(record.agent.id);
    run.push(record);
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/** How the usage meter is made. */
export interface UsageMeterDeps {
  readonly store: UsageMeterStore;
  /** Audit partitions metered at once (default 16). */
  readonly concurrency?: number;
}

/** The usage meter: counts each decision record of the audit stream into usage exactly once. */
export function createUsageMeter(deps: UsageMeterDeps) {
  const consumer = createCheckpointedConsumer<AuditPartition, MeteredDecision>({
    partitionOf: (record) => auditPartitionOf(record.tenantId, record.at, record.id),
    keyOf: (partition) => `${partition.tenantId}#${partition.day}#${partition.shard}`,
    checkpoint: (partition) => deps.store.checkpoint(partition),
    apply: (partition, expected, next, run) => deps.store.apply(partition, expected, next, incrementsOf(run)),
    runsOf,
    ...(deps.concurrency === undefined ? {} : { concurrency: deps.concurrency }),
  });

  return {
    /**
     * Counts a batch of decision records (any tenants, days and shards) exactly once, partitions
     * concurrently; returns how many were new. Throws once every partition has settled if any
     * failed (the batch is then retried, and only what was not counted is counted).
     */
    async meter(records: readonly MeteredDecision[]): Promise<number> {
      return (await consumer.consume(records)).applied;
    },
  };
}

export type UsageMeter = ReturnType<typeof createUsageMeter>;
