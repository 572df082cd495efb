/**
 * Caps on the quotas a team lead may give an agent: each value it sets is at most its team's and
 * its tenant's quota for the same period. A quota absent at the team (or tenant) sets no cap from
 * that level; when neither has one, any value is allowed. Lowering a value the agent already has
 * (in the same team) is always allowed. Tenant admins are not capped (permission
 * `agent:quotas-uncapped`). See docs/decisions/team-lead-limits.md.
 */
import { type ErrorDetail, ValidationError } from '../kernel/errors';
import type { Quotas } from '../kernel/schemas';

const PERIODS = ['decisionsPerDay', 'decisionsPerMonth'] as const;

/** The agent's quotas after a team lead's change, and what caps them. */
export interface QuotaCapInput {
  /** The agent's own quotas as they would be stored. */
  readonly requested: Quotas;
  /** The quotas of the team the agent would be in (undefined: the team has none). */
  readonly team: Quotas | undefined;
  readonly tenant: Quotas;
  /** The agent's quotas before the change when it stays in its team: a value may always go down. */
  readonly current?: Quotas | undefined;
}

/** Every value above its cap, as error details naming the field, the cap and where it comes from. */
export function quotaCapProblems(input: QuotaCapInput): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  for (const period of PERIODS) {
    const value = input.requested[period];
    if (value === undefined) continue;
    const caps = [
      { from: 'team', limit: input.team?.[period] },
      { from: 'tenant', limit: input.tenant[period] },
    ].filter((cap): cap is { from: string; limit: number } => cap.limit !== undefined);
    if (caps.length === 0) continue;
    const cap = caps.reduce((lowest, candidate) => (candidate.limit < lowest.limit ? candidate : lowest));
    if (value <= cap.limit) continue;
    const before = input.current?.[period];
    if (before !== undefined && value <= before) continue;
    problems.push({
      path: `quotas.${period}`,
      message: `a team lead may set at most ${cap.limit}, the ${cap.from}'s ${period}`,
      cap: cap.limit,
      capFrom: cap.from,
    });
  }
  return problems;
}

/** Refuses (ValidationError `quota_above_cap`, one detail per field) a team lead's quotas above their caps. */
export function checkQuotaCaps(input: QuotaCapInput): void {
  const problems = quotaCapProblems(input);
  if (problems.length > 0)
    throw new ValidationError(
      "A team lead may set an agent's quotas only up to its team's and its tenant's quotas",
      problems,
      'quota_above_cap',
    );
}
