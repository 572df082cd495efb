/**
 * Object storage: buckets the CDK app creates (encrypted, private, with lifecycle rules) and the
 * local runtime serves from its data directory through an S3-compatible endpoint.
 */

import type { FunctionVariable } from './function-environment';

export interface BucketSpec {
  readonly id: string;
  readonly description: string;
  /** Environment variable that carries the bucket's name to the functions that use it. */
  readonly envName: FunctionVariable;
  /** Objects under these prefixes expire after so many days. */
  readonly expire: Readonly<Record<string, number>>;
  /**
   * S3 Object Lock in compliance mode: every object version is kept this many days by default, and
   * no one (not even the account's root) can delete or overwrite it sooner.
   */
  readonly objectLockDays?: number;
}

export const BUCKETS = {
  exports: {
    id: 'exports',
    description: 'Billing: frozen months (periods/, kept) and large exports behind download links (exports/, expire)',
    envName: 'WARDEN_BUCKET_EXPORTS',
    expire: { 'exports/': 7 },
  },
  digests: {
    id: 'digests',
    description: "Audit digests: each signed digest with its leaves (digests/<tenant>/<hour>.json), locked for the audit log's retention",
    envName: 'WARDEN_BUCKET_DIGESTS',
    expire: {},
    objectLockDays: 400,
  },
} as const satisfies Record<string, BucketSpec>;

export type BucketId = keyof typeof BUCKETS;
export type BucketAccess = 'read' | 'readwrite';
