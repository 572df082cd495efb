/**
 * What the policy lifecycle needs from storage. Implemented on DynamoDB in
 * shared/adapters/dynamodb/dynamodb-policy-store.ts. Every write carries its change record, written
 * in the same transaction.
 */
import type { ChangeRecord } from '../audit/change-record';
import type { StorePage } from '../kernel/page';
import type { PolicyOwner, PolicyVersion, ScopeHead, TestLibrary } from './policy-version';

/** A publish as one atomic step: the new active version, the one it replaces, the epoch bump. */
export interface PublishWrite {
  readonly scope: string;
  readonly version: number;
  /** The head revision read before the gate ran; the publish fails if another publish came first. */
  readonly expectedRevision: number;
  readonly publishedAt: string;
  readonly publishedBy: string;
  readonly reason: string;
  /** The version in force until now, deprecated until `sunsetAt`. */
  readonly previous?: { readonly version: number; readonly sunsetAt: string };
}

export interface PolicyStore {
  /**
   * Saves `version` (without its number) as the scope's next version and returns the number it got.
   * Concurrent saves of one scope each get their own number; none is lost.
   */
  appendVersion(owner: PolicyOwner, version: Omit<PolicyVersion, 'version'>, change: (version: number) => ChangeRecord): Promise<number>;
  getVersion(owner: PolicyOwner, scope: string, version: number): Promise<PolicyVersion | undefined>;
  /** Versions of one scope, newest first. */
  listVersions(owner: PolicyOwner, scope: string, page: { limit: number; after?: string }): Promise<StorePage<PolicyVersion>>;
  getHead(owner: PolicyOwner, scope: string): Promise<ScopeHead | undefined>;
  /** Every scope of the owner with its active document (one query). */
  listHeads(owner: PolicyOwner): Promise<ScopeHead[]>;
  /** Makes a version active (and the previous one deprecated) and bumps the owner's policy epoch. */
  publish(owner: PolicyOwner, write: PublishWrite, change: ChangeRecord): Promise<void>;
  getTestLibrary(owner: PolicyOwner): Promise<TestLibrary | undefined>;
  /** Replaces the library if its version is still `expectedVersion` (0 when there is none). */
  putTestLibrary(owner: PolicyOwner, library: TestLibrary, expectedVersion: number, change: ChangeRecord): Promise<void>;
  /** The organisation's policy epoch (0 before the first org publish). */
  getOrgEpoch(): Promise<number>;
}
