/**
 * The governance maturity model (docs/maturity.md): five levels, each with criteria Warden judges
 * from its own data (maturity-facts.ts), never from a questionnaire. A tenant is at the highest
 * level whose criteria, and those of every level below, are all met; level 1 needs nothing.
 */
import type { MaturityFacts } from './maturity-facts';

export const LEVELS = [
  { level: 1, name: 'ad hoc' },
  { level: 2, name: 'foundational' },
  { level: 3, name: 'managed' },
  { level: 4, name: 'automated' },
  { level: 5, name: 'optimised' },
] as const;
export type MaturityLevel = (typeof LEVELS)[number]['level'];

/** The longest key lifetime level 2 accepts (days from issue to expiry). */
export const MAX_KEY_LIFETIME_DAYS = 90;
/** Scenarios a test library needs before it counts (level 3). */
export const MIN_SCENARIOS = 5;
/** The share of active scopes the tests must exercise (level 3). */
export const MIN_TESTED_SHARE = 0.8;
/** The median minutes to an approval's decision that level 5 accepts. */
export const MAX_MEDIAN_MINUTES_TO_DECIDE = 60;

/** What a criterion found: met or not, and the numbers it judged. */
export interface CriterionResult {
  readonly met: boolean;
  readonly evidence: Readonly<Record<string, number | string | boolean | null>>;
}

/** One criterion of the model. */
export interface Criterion {
  readonly id: string;
  readonly level: Exclude<MaturityLevel, 1>;
  readonly title: string;
  /** What to do to meet it, for the person reading the assessment. */
  readonly howTo: string;
  readonly judge: (facts: MaturityFacts) => CriterionResult;
}

const share = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 1000);
const rate = (counts: { decisions: number; denied: number }) => (counts.decisions === 0 ? null : share(counts.denied, counts.decisions));

/** Every criterion, level by level; within a level, in the order the next steps list them. */
export const CRITERIA: readonly Criterion[] = [
  {
    id: 'agents-inventoried',
    level: 2,
    title: 'Every active agent is registered with an owner and a team',
    howTo: 'Register your agents (POST /v1/tenants/{t}/agents) with an owner and a team; give an owner to any agent without one.',
    judge: ({ agents }) => ({
      met: agents.active > 0 && agents.withoutOwnerOrTeam === 0,
      evidence: { activeAgents: agents.active, withoutOwnerOrTeam: agents.withoutOwnerOrTeam },
    }),
  },
  {
    id: 'keys-expire',
    level: 2,
    title: `Agent keys expire within ${MAX_KEY_LIFETIME_DAYS} days`,
    howTo: `Keep apiKeyTtlDays (or hygiene.keyMaxAgeDays) at ${MAX_KEY_LIFETIME_DAYS} days or less, and rotate keys issued for longer.`,
    judge: ({ agents }) => ({
      met: agents.keyMaxAgeDays <= MAX_KEY_LIFETIME_DAYS && agents.longLivedKeys === 0,
      evidence: { keyMaxAgeDays: agents.keyMaxAgeDays, longLivedKeys: agents.longLivedKeys },
    }),
  },
  {
    id: 'tenant-policy',
    level: 2,
    title: 'A tenant policy is published',
    howTo: 'Save a tenant policy (PUT /v1/tenants/{t}/policies/tenant) and publish it.',
    judge: ({ policies }) => ({
      met: policies.tenantActiveVersion !== undefined,
      evidence: { activeVersion: policies.tenantActiveVersion ?? null },
    }),
  },
  {
    id: 'prod-default-deny',
    level: 2,
    title: 'Production denies what no rule allows',
    howTo: 'Set `defaults: {prod: deny}` in the tenant policy (or leave prod without a default: none means deny).',
    judge: ({ policies }) => ({
      met: policies.prodDefault.effect === 'deny',
      evidence: { prodDefault: policies.prodDefault.effect, from: policies.prodDefault.from },
    }),
  },
  {
    id: 'test-library',
    level: 3,
    title: `A test library of at least ${MIN_SCENARIOS} scenarios gates every publish`,
    howTo: 'Write test scenarios (PUT /v1/tenants/{t}/policy-tests): each publish then runs them and is refused when one fails.',
    judge: ({ policies }) => ({ met: policies.scenarios >= MIN_SCENARIOS, evidence: { scenarios: policies.scenarios } }),
  },
  {
    id: 'scopes-tested',
    level: 3,
    title: `Tests exercise at least ${MIN_TESTED_SHARE * 100}% of the active policy scopes`,
    howTo: "Add scenarios for agents of each team and role that has a policy (a scenario's agent names the team, role or agent id).",
    judge: ({ policies }) => ({
      met: policies.activeScopes > 0 && share(policies.testedScopes, policies.activeScopes) >= MIN_TESTED_SHARE,
      evidence: {
        testedScopes: policies.testedScopes,
        activeScopes: policies.activeScopes,
        share: share(policies.testedScopes, policies.activeScopes),
      },
    }),
  },
  {
    id: 'guardrails-locked',
    level: 3,
    title: 'Locked guardrails are in force',
    howTo: 'Add a locked deny or require_approval rule to the tenant policy (or apply the pii-guardrail template) and publish it.',
    judge: ({ policies }) => ({ met: policies.lockedRules > 0, evidence: { lockedRules: policies.lockedRules } }),
  },
  {
    id: 'no-inactive-agents',
    level: 3,
    title: 'No active agent is idle past the inactivity limit',
    howTo: 'Decommission or suspend the agents the hygiene sweep reports inactive (Agent.Inactive).',
    judge: ({ agents }) => ({
      met: agents.inactive === 0,
      evidence: { inactiveAgents: agents.inactive, inactiveAgentDays: agents.inactiveAgentDays },
    }),
  },
  {
    id: 'keys-rotated',
    level: 3,
    title: 'Every agent runs on a key younger than the key age limit',
    howTo: 'Rotate the keys of the agents listed as stale (POST …/agents/{id}/rotate-key, or let agents rotate their own).',
    judge: ({ agents }) => ({
      met: agents.staleKeys === 0,
      evidence: { agentsWithStaleKeys: agents.staleKeys, keyMaxAgeDays: agents.keyMaxAgeDays },
    }),
  },
  {
    id: 'quotas-everywhere',
    level: 3,
    title: 'Quotas are set for the tenant and every team',
    howTo: 'Ask a platform admin for a tenant quota, and give every team a quota (PATCH /v1/tenants/{t}/teams/{team}).',
    judge: ({ quotas }) => ({
      met: quotas.tenant && quotas.teamsWithQuotas === quotas.teams,
      evidence: { tenantQuota: quotas.tenant, teams: quotas.teams, teamsWithQuotas: quotas.teamsWithQuotas },
    }),
  },
  {
    id: 'approvals-in-use',
    level: 4,
    title: 'High-risk actions go to a person, and people answer',
    howTo: 'Add require_approval rules for high-risk actions (or apply payments-behind-approval) and decide the approvals they open.',
    judge: ({ policies, approvals }) => ({
      met: policies.approvalRules > 0 && approvals.decided30d > 0,
      evidence: { approvalRules: policies.approvalRules, decidedLast30Days: approvals.decided30d },
    }),
  },
  {
    id: 'anomaly-detection',
    level: 4,
    title: 'Every anomaly detector is on',
    howTo: 'Turn the detectors back on (PUT /v1/tenants/{t}/monitoring).',
    judge: ({ monitoring }) => ({
      met: monitoring.detectorsEnabled === monitoring.detectors,
      evidence: { enabled: monitoring.detectorsEnabled, detectors: monitoring.detectors },
    }),
  },
  {
    id: 'alerts-routed',
    level: 4,
    title: 'Alerts reach people through a notification channel',
    howTo: 'Create a channel subscribed to Anomaly.Detected, Incident.Opened or Approval.Requested (PUT /v1/tenants/{t}/channels/{name}).',
    judge: ({ monitoring }) => ({
      met: monitoring.alertChannels > 0,
      evidence: { channels: monitoring.channels, alertChannels: monitoring.alertChannels },
    }),
  },
  {
    id: 'playbooks-enabled',
    level: 4,
    title: 'Remediation playbooks act on findings',
    howTo: 'Enable the default playbooks (POST /v1/tenants/{t}/playbooks/defaults) or write your own, in enforce mode.',
    judge: ({ remediation }) => ({
      met: remediation.enforcingPlaybooks > 0,
      evidence: { enabledPlaybooks: remediation.enabledPlaybooks, enforcingPlaybooks: remediation.enforcingPlaybooks },
    }),
  },
  {
    id: 'playbooks-exercised',
    level: 5,
    title: 'Playbooks ran in the last 30 days',
    howTo: 'Exercise your playbooks: a dry run on a test agent shows they fire and what they would do.',
    judge: ({ remediation }) => ({ met: remediation.runs30d > 0, evidence: { runsLast30Days: remediation.runs30d } }),
  },
  {
    id: 'approvals-timely',
    level: 5,
    title: `Approvals are decided within ${MAX_MEDIAN_MINUTES_TO_DECIDE} minutes (median, last 30 days)`,
    howTo: 'Route Approval.Requested to the approvers (a channel) and give every team an approver on call.',
    judge: ({ approvals }) => ({
      met:
        approvals.decided30d > 0 &&
        approvals.medianMinutesToDecide !== null &&
        approvals.medianMinutesToDecide <= MAX_MEDIAN_MINUTES_TO_DECIDE,
      evidence: { decidedLast30Days: approvals.decided30d, medianMinutesToDecide: approvals.medianMinutesToDecide },
    }),
  },
  {
    id: 'deny-rate-falling',
    level: 5,
    title: "The deny rate is no higher than the week before's",
    howTo:
      'Look at the most denied actions (GET …/metrics): fix the agents that keep asking, or the rules that refuse what they should allow.',
    judge: ({ trends }) => ({
      met: trends.thisWeek.decisions > 0 && trends.lastWeek.decisions > 0 && (rate(trends.thisWeek) ?? 0) <= (rate(trends.lastWeek) ?? 0),
      evidence: { denyRateThisWeek: rate(trends.thisWeek), denyRateLastWeek: rate(trends.lastWeek) },
    }),
  },
  {
    id: 'incidents-under-control',
    level: 5,
    title: 'Fewer incidents than the 30 days before, none left open over 7 days',
    howTo: 'Resolve incidents within a week, and act on what causes them (playbooks, policies, owners).',
    judge: ({ trends }) => ({
      met: trends.incidents30d <= trends.incidentsPrevious30d && trends.staleOpenIncidents === 0,
      evidence: {
        incidentsLast30Days: trends.incidents30d,
        incidentsPrevious30Days: trends.incidentsPrevious30d,
        openOver7Days: trends.staleOpenIncidents,
      },
    }),
  },
];

/** One criterion as judged. */
export interface JudgedCriterion extends CriterionResult {
  readonly id: string;
  readonly level: number;
  readonly title: string;
  readonly howTo: string;
}

/** A tenant's maturity as judged from its facts. */
export interface Assessment {
  readonly level: MaturityLevel;
  readonly name: string;
  /** 0–100: the share of the criteria met, each weighing its level. */
  readonly score: number;
  readonly criteria: readonly JudgedCriterion[];
  /** Unmet criteria, the ones that hold the tenant at its level first. */
  readonly nextSteps: readonly { readonly id: string; readonly level: number; readonly title: string; readonly howTo: string }[];
  readonly assessedAt: string;
}

/** Judges every criterion and places the tenant at a level. */
export function assess(facts: MaturityFacts, criteria: readonly Criterion[] = CRITERIA): Assessment {
  const judged = criteria.map(({ judge, ...criterion }): JudgedCriterion => ({ ...criterion, ...judge(facts) }));
  let level: MaturityLevel = 1;
  for (const { level: candidate } of LEVELS.slice(1)) {
    if (!judged.filter((criterion) => criterion.level <= candidate).every((criterion) => criterion.met)) break;
    level = candidate;
  }
  const weight = (items: readonly JudgedCriterion[]) => items.reduce((sum, criterion) => sum + criterion.level, 0);
  const total = weight(judged);
  const score = total === 0 ? 100 : Math.round((weight(judged.filter((criterion) => criterion.met)) / total) * 100);
  // Impact: a criterion of a lower level holds back every level above it, so it comes first.
  const nextSteps = judged
    .filter((criterion) => !criterion.met)
    .sort((a, b) => a.level - b.level)
    .map(({ id, level: at, title, howTo }) => ({ id, level: at, title, howTo }));
  return { level, name: LEVELS[level - 1]!.name, score, criteria: judged, nextSteps, assessedAt: facts.at };
}
