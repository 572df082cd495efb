/**
 * What the audit digests need from storage: the tenant's chain (its head and its digests), the
 * audit records of one partition and hour, and where the signed copies are archived.
 */
import type { StorePage } from '../kernel/page';
import type { AuditPartition } from './audit-shards';
import type { DigestPayload, Leaf, SignedDigest } from './digest';

/** Where a tenant's chain stands. */
export interface DigestHead {
  /** The last digest's sequence (0 before the first). */
  readonly sequence: number;
  /** Hash of the last digest's JWS, null before the first. */
  readonly lastHash: string | null;
  /** Where the next digest's span begins (the last digest's `to`, or the tenant's first hour). */
  readonly spanFrom: string;
  /** Every hour before this was looked at: the next run looks from here. */
  readonly through: string;
}

/** A digest with the hour and sequence it is stored under. */
export interface StoredDigest extends SignedDigest {
  readonly sequence: number;
  readonly hour: string;
}

export interface DigestStore {
  head(tenantId: string): Promise<DigestHead | undefined>;
  /**
   * Keeps a digest (when given) and moves the head to `next`, if the head is still `expected`
   * (ConflictError otherwise: another run moved it).
   */
  advance(tenantId: string, next: DigestHead, expected: DigestHead | undefined, digest?: StoredDigest): Promise<void>;
  /** Digests with hours in [fromHour, toHour), oldest first, after the hour `after`. */
  list(
    tenantId: string,
    range: { fromHour: string; toHour: string },
    page: { limit: number; after?: string },
  ): Promise<StorePage<StoredDigest>>;
  /** The digest just before `hour`, or just after it (`after`), if any. */
  neighbour(tenantId: string, hour: string, side: 'before' | 'after'): Promise<StoredDigest | undefined>;
}

/** Public audit records (as the audit API returns them) with their time and id. */
export type PublicAuditRecord = Record<string, unknown> & { at: string; id: string };

export interface AuditHourReader {
  /** The records of one partition with `at` in [from, to), in sort-key order; at most `max` (RangeError beyond). */
  records(partition: AuditPartition, range: { from: string; to: string }, max: number): Promise<PublicAuditRecord[]>;
  /** The time of the tenant's earliest record in [from, to) (at most 31 days), if any. */
  firstRecordAt(tenantId: string, range: { from: string; to: string }): Promise<string | undefined>;
}

/**
 * The leaves the audit stream captured as records were written (shared/audit/leaf-capture.ts):
 * what a digest is sealed from, so a record changed or removed before its hour is sealed is caught
 * as one changed afterwards.
 */
export interface CapturedLeafStore {
  /** Keeps leaves of a tenant's hour under `key`; a retried batch puts the same key with the same leaves. */
  put(tenantId: string, hour: string, key: string, leaves: readonly Leaf[]): Promise<void>;
  /**
   * The leaves captured for a tenant's hour in capture order; a position captured twice keeps its
   * first capture (a record deleted and written again is the first one). At most `max` (RangeError beyond).
   */
  leavesOf(tenantId: string, hour: string, max: number): Promise<Leaf[]>;
  /** The first hour in [from, to) with captured leaves, if any. */
  firstHour(tenantId: string, range: { from: string; to: string }): Promise<string | undefined>;
}

/** Where signed digests are copied for keeping (S3 with Object Lock on AWS). */
export interface DigestArchive {
  put(payload: DigestPayload, digest: SignedDigest): Promise<void>;
}
