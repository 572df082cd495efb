/**
 * Separation of duties for approvals, judged on the agent's owner history at decision time: the
 * agent's owner, anyone who owned it in the OWNER_WINDOW_DAYS before the approval opened or while
 * it was pending, and anyone who set its owner in that time — by changing it, or by registering
 * the agent with an owner of their choosing — may not decide it. Renaming the owner, or naming a
 * made-up one at registration, therefore does not make anyone an approver of their own agent.
 */
import { OWNER_WINDOW_DAYS, type OwnerTerm } from '../tenancy/owner-history';
import type { Approval } from './approval';

const DAY_MS = 86_400_000;

/** Why the separation of duties bars a person from an approval. */
export type SeparationProblem = 'owner_cannot_approve' | 'owner_changer_cannot_approve';

/** When the window of an approval begins (ms): OWNER_WINDOW_DAYS before it opened. */
const windowStartMs = (approval: Pick<Approval, 'createdAt'>): number => Date.parse(approval.createdAt) - OWNER_WINDOW_DAYS * DAY_MS;

/**
 * Why `sub` may not decide `approval` given the agent's owner `history`; undefined when they may.
 * Terms are judged from the window's start on, with no upper bound: a term recorded "later" than
 * the decision (clock skew) still counts.
 */
export function separationProblem(
  sub: string,
  approval: Pick<Approval, 'createdAt' | 'agent'>,
  history: readonly OwnerTerm[],
): SeparationProblem | undefined {
  if (approval.agent.owner === sub) return 'owner_cannot_approve';
  const startMs = windowStartMs(approval);
  const endsInWindow = (term: OwnerTerm) => term.until === undefined || Date.parse(term.until) >= startMs;
  if (history.some((term) => term.owner === sub && endsInWindow(term))) return 'owner_cannot_approve';
  if (history.some((term) => term.setBy === sub && Date.parse(term.from) >= startMs)) return 'owner_changer_cannot_approve';
  return undefined;
}

/**
 * True when an approval opened more than OWNER_WINDOW_DAYS ago: the owner history (which keeps
 * ended terms for twice the window) may no longer reach back to its window, so nobody may decide
 * it. Approval timeouts settle every approval well before (at most 3 × approvalTimeoutMinutes).
 */
export const tooOldToDecide = (approval: Pick<Approval, 'createdAt'>, nowMs: number): boolean =>
  nowMs - Date.parse(approval.createdAt) > OWNER_WINDOW_DAYS * DAY_MS;
