/**
 * Stored policy versions and the per-scope head that says which version is in force. Versions are
 * immutable once saved (only their publication fields change); numbers only grow; a version is
 * `retired` once its sunset has passed, which is computed at read time, not stored.
 */
import * as z from 'zod';

export const PolicyStatusSchema = z.enum(['draft', 'active', 'deprecated', 'retired']);
export type PolicyStatus = z.infer<typeof PolicyStatusSchema>;

/** Who owns a set of policies: one tenant, or the organisation (the `org` scope and its tests). */
export type PolicyOwner = { readonly kind: 'tenant'; readonly tenantId: string } | { readonly kind: 'org' };

export const ORG_OWNER: PolicyOwner = { kind: 'org' };
export const tenantOwner = (tenantId: string): PolicyOwner => ({ kind: 'tenant', tenantId });

/** One saved version of one scope's document. */
export interface PolicyVersion {
  readonly scope: string;
  readonly version: number;
  /** As stored; read it through `statusAt` (deprecated versions retire at their sunset). */
  readonly status: PolicyStatus;
  /** The document as saved (rules, defaults), validated. */
  readonly document: unknown;
  /** sha256 of the canonical JSON of the document. */
  readonly contentHash: string;
  /** Size of the document as JSON (UTF-8 bytes), which MAX_POLICY_DOCUMENT_BYTES bounds. */
  readonly documentBytes?: number;
  readonly author: string;
  readonly createdAt: string;
  readonly reason: string;
  /** The version whose content this one restores (rollbacks). */
  readonly rolledBackFrom?: number;
  readonly publishedAt?: string;
  readonly publishedBy?: string;
  readonly publishReason?: string;
  readonly deprecatedAt?: string;
  /** When a deprecated version retires (and pins to it stop applying). */
  readonly sunsetAt?: string;
}

/** A version's status at `nowMs`. */
export function statusAt(version: Pick<PolicyVersion, 'status' | 'sunsetAt'>, nowMs: number): PolicyStatus {
  if (version.status === 'deprecated' && version.sunsetAt !== undefined && Date.parse(version.sunsetAt) <= nowMs) return 'retired';
  return version.status;
}

/** What a scope has: its newest version number and the version in force (with its document). */
export interface ScopeHead {
  readonly scope: string;
  readonly latestVersion: number;
  readonly activeVersion?: number;
  /** The active version's document, kept on the head so one query loads a tenant's policies. */
  readonly activeDocument?: unknown;
  readonly activeContentHash?: string;
  /** Changes with every publish; publishes are conditional on it. */
  readonly revision: number;
}

/** A scope's entry in `GET .../policies`. */
export const scopeSummary = (head: ScopeHead) => ({
  scope: head.scope,
  latestVersion: head.latestVersion,
  ...(head.activeVersion === undefined ? {} : { activeVersion: head.activeVersion }),
});

/** The library of test scenarios of a tenant or of the organisation. */
export interface TestLibrary {
  readonly scenarios: readonly unknown[];
  readonly version: number;
  readonly updatedAt: string;
  readonly updatedBy: string;
}
