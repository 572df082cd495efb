/**
 * The audit log's digests, like CloudTrail's digest files: for each tenant and hour with records, a
 * signed statement of every record written in that hour, partition by partition (a Merkle root over
 * the record hashes in the partition's sort-key order), chained to the tenant's previous digest.
 * docs/decisions/audit-digests.md says what is hashed, how keys rotate and what verifying catches.
 */
import * as z from 'zod';
import { AUDIT_SHARDS, auditShardOf } from './audit-shards';
import { withoutKeyMaterial } from './change-record';

const HOUR_MS = 3_600_000;

/** The JOSE type of a digest's JWS. */
export const DIGEST_JWS_TYPE = 'warden-audit-digest+jws';

/** One partition's part of a digest: its shard, how many records, and their Merkle root. */
export interface DigestPartition {
  readonly shard: number;
  readonly count: number;
  readonly root: string;
}

/** What a digest's signature covers. */
export interface DigestPayload {
  readonly v: 1;
  readonly tenantId: string;
  /** 1 for the tenant's first digest, then one more each. */
  readonly sequence: number;
  /** Hash of the previous digest's JWS (`textHash`), null for the first. */
  readonly previous: string | null;
  /** Where the span this digest vouches for begins: the previous digest's `to` (no records in between but this hour's). */
  readonly from: string;
  /** The hour whose records it holds (its start). */
  readonly hour: string;
  /** The end of that hour (exclusive), where the next digest's span begins. */
  readonly to: string;
  /** The partitions with records in the hour, by shard. */
  readonly partitions: readonly DigestPartition[];
  readonly records: number;
  /**
   * Records the audit stream had not delivered when the hour was sealed (CAPTURE_GRACE_MS after
   * it settled), sealed as the table held them then; absent when every record was captured.
   */
  readonly uncaptured?: number;
  readonly sealedAt: string;
}

/** A record's place and hash: its sort key in its partition (`at#id`) and its leaf hash. */
export type Leaf = readonly [position: string, hash: string];

/** A digest as stored and served: the JWS, and the leaves its roots were made of (shard → leaves, sort-key order). */
export interface SignedDigest {
  readonly jws: string;
  readonly leaves: Readonly<Record<string, readonly Leaf[]>>;
}

const Iso = z.iso.datetime();
const Hash = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

export const DigestPayloadSchema = z
  .object({
    v: z.literal(1),
    tenantId: z.string().min(1).max(64),
    sequence: z.number().int().min(1),
    previous: Hash.nullable(),
    from: Iso,
    hour: Iso,
    to: Iso,
    partitions: z
      .array(
        z
          .object({
            shard: z
              .number()
              .int()
              .min(0)
              .max(AUDIT_SHARDS - 1),
            count: z.number().int().min(1),
            root: Hash,
          })
          .strict(),
      )
      .max(AUDIT_SHARDS),
    records: z.number().int().min(0),
    uncaptured: z.number().int().min(1).optional(),
    sealedAt: Iso,
  })
  .strict();

export const SignedDigestSchema = z.object({
  jws: z.string().min(1).max(8192),
  leaves: z.record(z.string().regex(/^[0-9]$/), z.array(z.tuple([z.string().min(1).max(200), Hash]))),
});

/** The start of the hour `ms` falls in. */
export const hourStartMs = (ms: number): number => Math.floor(ms / HOUR_MS) * HOUR_MS;
export const HOUR = HOUR_MS;

/** The position (sort key) of a record in its partition. */
export const positionOf = (record: { at: string; id: string }): string => `${record.at}#${record.id}`;

/** The time of a position. */
export const atOfPosition = (position: string): string => position.slice(0, position.indexOf('#'));

/** The shard of a position (from the record id after the time). */
export const shardOfPosition = (position: string): number => auditShardOf(position.slice(position.indexOf('#') + 1));

/** A stored audit record in its public form, as the audit API returns it and as digests hash it. */
export function publicAuditRecord(
  stored: Record<string, unknown> & { at: string; id: string },
): Record<string, unknown> & { at: string; id: string } {
  const { event: _event, ...record } = stored;
  return withoutKeyMaterial(record) as Record<string, unknown> & { at: string; id: string };
}
