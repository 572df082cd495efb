/**
 * Reading the audit log, as a port of its own: the decision store writes and reads it, and the
 * policy lifecycle's impact replay only reads it — through this, so the lifecycle does not depend
 * on the decision path.
 */
import type { StorePage } from '../kernel/page';

/** An audit query: one tenant, a time range, optional filters. */
export interface AuditQuery {
  readonly tenantId: string;
  readonly from: string;
  readonly to: string;
  readonly agentId?: string | undefined;
}

/** A stored audit record as read back: its fields, with its time and id always present. */
export type StoredAuditRecord = Record<string, unknown> & { at: string; id: string };

export interface AuditReader {
  /** Audit records (decisions and changes) of a tenant, newest first, after `after` (a position). */
  listAudit(query: AuditQuery, page: { limit: number; after?: string }): Promise<StorePage<StoredAuditRecord>>;
}
