/**
 * Where a tenant's audit records of one day are written: spread over AUDIT_SHARDS partitions by a
 * hash of the record id, so one busy tenant is not held to the write rate of one DynamoDB
 * partition (about 1,000 writes a second). Whoever reads a day reads every shard; the stream
 * consumers keep one position per shard, because stream order holds only within a partition.
 */

import { fnv1a } from '../kernel/fnv1a';

/** Partitions per tenant and day. */
export const AUDIT_SHARDS = 8;

/** One audit partition: one shard of a tenant's day. */
export interface AuditPartition {
  readonly tenantId: string;
  /** The UTC day, `YYYY-MM-DD`. */
  readonly day: string;
  readonly shard: number;
}

/** The shard of the record with this id (FNV-1a of the id: ids end in random characters). */
export const auditShardOf = (recordId: string): number => (fnv1a(recordId) >>> 0) % AUDIT_SHARDS;

/** The partition of a record written at `at` with id `id` in `tenantId`'s audit. */
export const auditPartitionOf = (tenantId: string, at: string, id: string): AuditPartition => ({
  tenantId,
  day: at.slice(0, 10),
  shard: auditShardOf(id),
});

/** Every shard of a tenant's day. */
export const shardsOfDay = (tenantId: string, day: string): AuditPartition[] =>
  Array.from({ length: AUDIT_SHARDS }, (_, shard) => ({ tenantId, day, shard }));
