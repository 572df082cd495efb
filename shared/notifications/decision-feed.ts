/**
 * The live decision feed: a channel subscribed to `Decision.Made` gets the tenant's decisions in
 * batches (FEED_DECISIONS_PER_DELIVERY at most per delivery), read from the audit stream by the
 * `decision-feed` consumer, signed and retried like every delivery. For SIEMs and data platforms
 * that want decisions as they happen rather than an export after the fact.
 */
import { eventOfAuditRecord } from '../events/audit-events';

/** Decisions one feed delivery carries at most (about 300 bytes each). */
export const FEED_DECISIONS_PER_DELIVERY = 100;

/** A decision for the feed: its tenant, its audit id, and what its `Decision.Made` event says. */
export interface FeedDecision {
  readonly tenantId: string;
  readonly auditId: string;
  readonly detail: Record<string, unknown>;
}

/** The feed's view of a new audit item: its `Decision.Made` event, or undefined for other records. */
export function feedDecisionOf(item: Record<string, unknown>): FeedDecision | undefined {
  const event = eventOfAuditRecord(item);
  if (event?.detailType !== 'Decision.Made') return undefined;
  const { auditId: _auditId, ...detail } = event.detail as Record<string, unknown> & { tenantId: string };
  return { tenantId: detail.tenantId, auditId: String(item.id), detail };
}
