/**
 * Where maturity snapshots are kept: each tenant's weekly series, and the latest snapshot of every
 * tenant for the platform view. Implemented on DynamoDB (shared/adapters/dynamodb/dynamodb-maturity-store.ts).
 */
import type { StorePage } from '../kernel/page';

/** A tenant's assessment as of one week: its level, score and the criteria it met. */
export interface MaturitySnapshot {
  readonly tenantId: string;
  /** The Monday (UTC, `YYYY-MM-DD`) of the week the snapshot belongs to. */
  readonly week: string;
  readonly at: string;
  readonly level: number;
  readonly name: string;
  readonly score: number;
  /** Ids of the criteria met. */
  readonly met: readonly string[];
}

export interface MaturityStore {
  /** Keeps a snapshot as its tenant's one of that week (replacing an earlier one of the week) and as the tenant's latest. */
  saveSnapshot(snapshot: MaturitySnapshot): Promise<void>;
  /** A tenant's snapshots, newest week first, at most `limit`. */
  listSnapshots(tenantId: string, limit: number): Promise<MaturitySnapshot[]>;
  /** The week of each tenant's latest snapshot (tenants without one are absent); at most 100 ids. */
  latestWeeks(tenantIds: readonly string[]): Promise<Map<string, string>>;
  /** Every tenant's latest snapshot, in tenant id order, a page at a time. */
  listLatest(page: { limit: number; after?: string }): Promise<StorePage<MaturitySnapshot>>;
}
