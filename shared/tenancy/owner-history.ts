/**
 * An agent's owner history: who owned it from when to when, and who named each owner. Kept on
 * the agent record (written in the same transaction as the owner), bounded in time and size, so
 * separation of duties (shared/approvals/separation-of-duties.ts) can be checked at decision time
 * and cannot be edited away by renaming the owner. See docs/decisions/team-lead-limits.md.
 */
import * as z from 'zod';
import { isoAt } from '../kernel/clock';
import { ConflictError } from '../kernel/errors';
import { TimestampSchema } from '../kernel/schemas';

const DAY_MS = 86_400_000;

/**
 * Separation-of-duties window: whoever owned an agent, or changed its owner, in this many days
 * before an approval opened (or while it was pending) may not decide it.
 */
export const OWNER_WINDOW_DAYS = 30;

/**
 * Ended terms are kept this long after they end: the window, plus as long again for approvals
 * still pending (an approval is decidable for at most OWNER_WINDOW_DAYS after it opens).
 */
export const OWNER_HISTORY_RETENTION_DAYS = 2 * OWNER_WINDOW_DAYS;

/** At most this many terms (the current one included) are kept; an owner change beyond it is refused. */
export const MAX_OWNER_TERMS = 20;

/** One owner's term: from when (and until when) they owned the agent, and who named them. */
export const OwnerTermSchema = z.object({
  owner: z.string().min(1).max(256),
  from: TimestampSchema,
  /** Absent for the current owner. */
  until: TimestampSchema.optional(),
  /** The operator who named this owner: the registrant, or whoever changed the owner. */
  setBy: z.string(),
  /** How the term began. */
  via: z.enum(['registered', 'changed']),
});
export type OwnerTerm = z.infer<typeof OwnerTermSchema>;

/** What an agent record says about ownership (`ownerHistory` is absent on agents registered before it existed). */
export interface Ownership {
  readonly owner: string;
  readonly ownerHistory?: readonly OwnerTerm[] | undefined;
  readonly createdAt: string;
  readonly createdBy: string;
}

/** The first term, written at registration. */
export const firstOwnerTerm = (owner: string, at: string, by: string): OwnerTerm => ({ owner, from: at, setBy: by, via: 'registered' });

/**
 * The agent's owner history; for an agent registered before histories were kept, one term from
 * its registration (owner changes made before then are only in the audit log).
 */
export function ownerHistoryOf(agent: Ownership): readonly OwnerTerm[] {
  if (agent.ownerHistory && agent.ownerHistory.length > 0) return agent.ownerHistory;
  return [firstOwnerTerm(agent.owner, agent.createdAt, agent.createdBy)];
}

/**
 * The history after `by` changes the owner to `owner` at `nowMs`: the current term ends, a new
 * one begins, and terms that ended more than OWNER_HISTORY_RETENTION_DAYS ago are dropped.
 * ConflictError `owner_history_full` when MAX_OWNER_TERMS would still be exceeded: dropping a
 * recent term would let a flood of changes push a former owner out of the history.
 */
export function withOwnerChange(agent: Ownership, change: { owner: string; by: string; nowMs: number }): OwnerTerm[] {
  const at = isoAt(change.nowMs);
  const keepAfterMs = change.nowMs - OWNER_HISTORY_RETENTION_DAYS * DAY_MS;
  const ended = ownerHistoryOf(agent).map((term) => (term.until === undefined ? { ...term, until: at } : term));
  const kept = ended.filter((term) => Date.parse(term.until ?? at) >= keepAfterMs);
  if (kept.length + 1 > MAX_OWNER_TERMS) {
    throw new ConflictError(
      `The owner of this agent changed too often: at most ${MAX_OWNER_TERMS - 1} owner changes are kept per ${OWNER_HISTORY_RETENTION_DAYS} days`,
      'owner_history_full',
    );
  }
  return [...kept, { owner: change.owner, from: at, setBy: change.by, via: 'changed' }];
}
