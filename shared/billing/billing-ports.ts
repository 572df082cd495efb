/**
 * What billing needs from storage: price plans and closed periods (control table), the facts it
 * bills from (usage counters, decided approvals, audited decisions), and object storage for
 * frozen periods and large exports (S3 on AWS, the local runtime's S3-compatible endpoint locally).
 */
import type { StorePage } from '../kernel/page';
import type { Tenant } from '../tenancy/tenant';
import type { ApprovalRow, UsageRow } from './charges';
import type { PricePlan } from './price-plan';

/** A closed billing period. */
export interface ClosedPeriod {
  readonly period: string;
  readonly closedAt: string;
  readonly closedBy: string;
  readonly tenants: number;
}

export interface BillingStore {
  getPricePlan(tier: string): Promise<PricePlan | undefined>;
  /** Creates (expectedVersion undefined) or replaces a plan; ConflictError when someone changed it meanwhile. */
  putPricePlan(plan: PricePlan, expectedVersion: number | undefined): Promise<void>;
  /** Every version a tier's plan has had, newest first, before version `after` (a version number as text). */
  listPricePlanVersions(tier: string, page: { limit: number; after?: string }): Promise<StorePage<PricePlan>>;
  getClosedPeriod(period: string): Promise<ClosedPeriod | undefined>;
  /** Marks a period closed; ConflictError (`period_closed`) when it already is. */
  markClosed(period: ClosedPeriod): Promise<void>;
}

/** The facts a month is billed from. */
export interface BillingFacts {
  listTenants(): Promise<Tenant[]>;
  getTenant(tenantId: string): Promise<Tenant | undefined>;
  /** Decisions per agent and day of a month (usage counters, shards summed). */
  usage(tenantId: string, period: string): Promise<UsageRow[]>;
  /** Approvals decided (approved or rejected) per agent and day of a month. */
  approvals(tenantId: string, period: string): Promise<ApprovalRow[]>;
  /** Decision records in the audit log for a month (the reconciliation's other side). */
  auditedDecisions(tenantId: string, period: string): Promise<number>;
}

export interface ObjectStore {
  put(key: string, body: string, contentType: string): Promise<void>;
  get(key: string): Promise<string | undefined>;
  /** A URL that downloads the object until `expiresInSeconds` have passed. */
  downloadUrl(key: string, expiresInSeconds: number): Promise<string>;
}
