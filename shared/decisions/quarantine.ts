/**
 * Quarantine on the decision path: while an agent's quarantine runs, what the policy allows needs
 * a person's approval. A deny stays a deny and a require_approval stays one; an allow becomes a
 * require_approval naming the quarantine, unless a live grant covers the request (an approver let
 * that request through). Pure: the quarantine, grants and time come in.
 */
import { type Decision, type DecisionRequest, type Grant, grantCovers } from '../policy/decide';
import type { Quarantine } from '../tenancy/agent';

/** The "rule" a quarantine decides by, as approvals and the audit log show it. */
export const QUARANTINE_RULE = { id: 'quarantine', scope: 'remediation', version: 0 } as const;

/** Whether `quarantine` is in force at `nowMs`. */
export const inQuarantine = (quarantine: Quarantine | undefined, nowMs: number): quarantine is Quarantine =>
  quarantine !== undefined && Date.parse(quarantine.until) > nowMs;

/** `decision` for an agent under `quarantine` (undefined or run out: unchanged). */
export function underQuarantine(
  decision: Decision,
  input: { quarantine: Quarantine | undefined; request: DecisionRequest; grants: readonly Grant[]; nowMs: number },
): Decision {
  const { quarantine, request, nowMs } = input;
  if (!inQuarantine(quarantine, nowMs) || decision.effect !== 'allow' || decision.grantId !== undefined) return decision;
  const grant = input.grants.find((candidate) => grantCovers(candidate, request, nowMs));
  if (grant)
    return {
      ...decision,
      reason: `Allowed by grant ${grant.id} during the quarantine (until ${quarantine.until}); ${decision.reason}`,
      grantId: grant.id,
    };
  return {
    effect: 'require_approval',
    reason: `Quarantined until ${quarantine.until} by ${quarantine.by}: ${quarantine.reason}. The policy would allow: ${decision.reason}`,
    rule: QUARANTINE_RULE,
    risk: 'high',
    warnings: decision.warnings,
    consulted: decision.consulted,
  };
}
