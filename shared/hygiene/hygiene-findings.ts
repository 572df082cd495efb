/**
 * What the hygiene sweep finds on one agent, as pure functions of the agent, the tenant's limits
 * and the time: a live key expiring within the warning days (`Key.Expiring`, once per key), a key
 * older than the maximum age (expired now, `Key.Expired`), and an agent idle past a threshold
 * (`Agent.Inactive`, once per threshold and idle spell: at `inactiveAgentDays` for review, at
 * `decommissionInactiveAfterDays` as due for decommissioning). Each finding comes with the agent as
 * it is after it — its key cut short, or its `hygiene` marks noting what was reported — so saving
 * the agent from its version is what makes the report exactly once.
 */
import type { Agent } from '../tenancy/agent';
import { isoAt } from '../kernel/clock';
import type { EffectiveHygiene } from './hygiene-settings';

const DAY_MS = 86_400_000;

/** One thing the sweep reports of an agent, and the agent once it is reported. */
export type Finding =
  | { readonly kind: 'key_expiring'; readonly keyId: string; readonly expiresAt: string; readonly daysLeft: number; readonly next: Agent }
  | { readonly kind: 'key_expired'; readonly keyId: string; readonly createdAt: string; readonly maxAgeDays: number; readonly next: Agent }
  | {
      readonly kind: 'agent_inactive';
      readonly idleSince: string;
      readonly inactiveDays: number;
      readonly thresholdDays: number;
      readonly dueFor: 'review' | 'decommission';
      readonly next: Agent;
    };

/** When the agent's current idle spell began: its last request, or its registration if it never made one. */
export const idleSinceOf = (agent: Agent): string => agent.lastSeenAt ?? agent.createdAt;

/**
 * The first thing to report of the agent, if any (one at a time: each is saved from the agent's
 * version before the next is looked for). Decommissioned agents have nothing to report; suspended
 * ones only their idleness (a playbook may decommission them), not their keys.
 */
export function nextFinding(agent: Agent, limits: EffectiveHygiene, nowMs: number): Finding | undefined {
  if (agent.status === 'decommissioned') return undefined;
  if (agent.status === 'active') {
    const key = keyFinding(agent, limits, nowMs);
    if (key) return key;
  }
  return inactiveFinding(agent, limits, nowMs);
}

function keyFinding(agent: Agent, limits: EffectiveHygiene, nowMs: number): Finding | undefined {
  const live = agent.keys.filter((key) => Date.parse(key.expiresAt) > nowMs);
  if (limits.keyMaxAgeDays !== undefined) {
    const maxAgeMs = limits.keyMaxAgeDays * DAY_MS;
    const tooOld = live.find((key) => nowMs - Date.parse(key.createdAt) >= maxAgeMs);
    if (tooOld)
      return {
        kind: 'key_expired',
        keyId: tooOld.keyId,
        createdAt: tooOld.createdAt,
        maxAgeDays: limits.keyMaxAgeDays,
        next: { ...agent, keys: agent.keys.map((key) => (key.keyId === tooOld.keyId ? { ...key, expiresAt: isoAt(nowMs) } : key)) },
      };
  }
  const warned = new Set(agent.hygiene?.keysWarned ?? []);
  const warnBeforeMs = limits.keyExpiryWarningDays * DAY_MS;
  // Only the newest key: an older one is on its way out after a rotation's grace period.
  const newest = live.reduce<(typeof live)[number] | undefined>(
    (best, key) => (!best || key.createdAt > best.createdAt ? key : best),
    undefined,
  );
  if (newest && !warned.has(newest.keyId) && Date.parse(newest.expiresAt) - nowMs <= warnBeforeMs) {
    // Marks of keys no longer on the agent are dropped, so the list stays as short as the keys.
    const keysWarned = [...[...warned].filter((keyId) => agent.keys.some((key) => key.keyId === keyId)), newest.keyId];
    return {
      kind: 'key_expiring',
      keyId: newest.keyId,
      expiresAt: newest.expiresAt,
      daysLeft: Math.max(0, Math.ceil((Date.parse(newest.expiresAt) - nowMs) / DAY_MS)),
      next: { ...agent, hygiene: { ...agent.hygiene, keysWarned } },
    };
  }
  return undefined;
}

function inactiveFinding(agent: Agent, limits: EffectiveHygiene, nowMs: number): Finding | undefined {
  const idleSince = idleSinceOf(agent);
  const inactiveDays = Math.floor((nowMs - Date.parse(idleSince)) / DAY_MS);
  // A new idle spell (the agent made a request since) starts with nothing reported.
  const reported = agent.hygiene?.inactive?.idleSince === idleSince ? agent.hygiene.inactive.thresholdsDays : [];
  const thresholds = [
    { days: limits.inactiveAgentDays, dueFor: 'review' as const },
    { days: limits.decommissionInactiveAfterDays, dueFor: 'decommission' as const },
  ];
  // The highest threshold crossed and not reported: an agent found 100 days idle is reported once, as due for decommissioning.
  const due = thresholds.filter((threshold) => inactiveDays >= threshold.days && !reported.includes(threshold.days)).pop();
  if (!due) return undefined;
  const crossed = thresholds.filter((threshold) => threshold.days <= due.days).map((threshold) => threshold.days);
  return {
    kind: 'agent_inactive',
    idleSince,
    inactiveDays,
    thresholdDays: due.days,
    dueFor: due.dueFor,
    next: { ...agent, hygiene: { ...agent.hygiene, inactive: { idleSince, thresholdsDays: [...new Set([...reported, ...crossed])] } } },
  };
}
