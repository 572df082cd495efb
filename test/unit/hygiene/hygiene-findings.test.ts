import { describe, expect, it } from 'vitest';
import { nextFinding } from '../../../shared/hygiene/hygiene-findings';
import { effectiveHygiene } from '../../../shared/hygiene/hygiene-settings';
import type { Agent } from '../../../shared/tenancy/agent';
import { anAgent } from '../../support/tenancy-fixtures';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-24T10:00:00.000Z');
const at = (days: number) => new Date(T0 + days * DAY).toISOString();
const limits = effectiveHygiene({});

/** An agent registered at T0 with one key issued then, living `ttlDays`. */
const agentWithKey = (ttlDays = 90, overrides: Partial<Agent> = {}): Agent =>
  anAgent('acme', {
    createdAt: at(0),
    keys: [{ keyId: 'key_1', keyHash: 'h1', createdAt: at(0), expiresAt: at(ttlDays) }],
    ...overrides,
  });

/** Every finding of an agent at `nowMs`, each applied before the next is looked for, as the sweep does. */
function allFindings(agent: Agent, nowMs: number, hygiene = limits) {
  const found = [];
  let current = agent;
  for (let finding = nextFinding(current, hygiene, nowMs); finding; finding = nextFinding(current, hygiene, nowMs)) {
    found.push(finding);
    current = finding.next;
    if (found.length > 5) throw new Error('findings never end');
  }
  return { found, last: current };
}

describe('nextFinding', () => {
  it('finds nothing on an agent seen lately whose key is far from its expiry', () => {
    expect(nextFinding(agentWithKey(90, { lastSeenAt: at(9) }), limits, T0 + 10 * DAY)).toBeUndefined();
  });

  it('announces a key within the warning days once, with the days left, and marks it so', () => {
    const agent = agentWithKey(90, { lastSeenAt: at(84) });
    const { found, last } = allFindings(agent, T0 + 85 * DAY);
    expect(found.map((finding) => finding.kind)).toEqual(['key_expiring']);
    expect(found[0]).toMatchObject({ keyId: 'key_1', expiresAt: at(90), daysLeft: 5 });
    expect(last.hygiene?.keysWarned).toEqual(['key_1']);
    expect(nextFinding(last, limits, T0 + 86 * DAY)).toBeUndefined();
  });

  it('warns of the newest key only: an older one is ending its rotation grace', () => {
    const agent = agentWithKey(90, {
      lastSeenAt: at(87),
      keys: [
        { keyId: 'key_old', keyHash: 'h0', createdAt: at(0), expiresAt: at(88.5) },
        { keyId: 'key_new', keyHash: 'h1', createdAt: at(88), expiresAt: at(178) },
      ],
    });
    expect(nextFinding(agent, limits, T0 + 88 * DAY)).toBeUndefined();
  });

  it('expires a key older than keyMaxAgeDays now, and then reports nothing more of it', () => {
    const hygiene = effectiveHygiene({ keyMaxAgeDays: 30 });
    const agent = agentWithKey(90, { lastSeenAt: at(30) });
    const { found, last } = allFindings(agent, T0 + 31 * DAY, hygiene);
    expect(found.map((finding) => finding.kind)).toEqual(['key_expired']);
    expect(found[0]).toMatchObject({ keyId: 'key_1', createdAt: at(0), maxAgeDays: 30 });
    expect(last.keys[0]!.expiresAt).toBe(at(31));
  });

  it('reports an idle agent at inactiveAgentDays for review, then at decommissionInactiveAfterDays, once each', () => {
    const agent = agentWithKey(365, { lastSeenAt: at(1) });
    const first = allFindings(agent, T0 + 32 * DAY);
    expect(first.found).toEqual([
      expect.objectContaining({ kind: 'agent_inactive', idleSince: at(1), inactiveDays: 31, thresholdDays: 30, dueFor: 'review' }),
    ]);
    expect(allFindings(first.last, T0 + 60 * DAY).found).toEqual([]);
    const second = allFindings(first.last, T0 + 92 * DAY);
    expect(second.found).toEqual([expect.objectContaining({ kind: 'agent_inactive', thresholdDays: 90, dueFor: 'decommission' })]);
    expect(allFindings(second.last, T0 + 200 * DAY).found).toEqual([]);
  });

  it('reports an agent first found long idle once, as due for decommissioning', () => {
    const { found } = allFindings(agentWithKey(365), T0 + 100 * DAY);
    expect(found).toEqual([
      expect.objectContaining({ kind: 'agent_inactive', inactiveDays: 100, thresholdDays: 90, dueFor: 'decommission' }),
    ]);
  });

  it('starts over when the agent made a request since: a new idle spell is reported again', () => {
    const reported = allFindings(agentWithKey(365, { lastSeenAt: at(1) }), T0 + 32 * DAY).last;
    const busyAgain = { ...reported, lastSeenAt: at(40) };
    expect(allFindings(busyAgain, T0 + 71 * DAY).found).toEqual([expect.objectContaining({ kind: 'agent_inactive', idleSince: at(40) })]);
  });

  it('reports only idleness of a suspended agent, and nothing of a decommissioned one', () => {
    const suspended = agentWithKey(90, { status: 'suspended' });
    expect(allFindings(suspended, T0 + 85 * DAY).found.map((finding) => finding.kind)).toEqual(['agent_inactive']);
    expect(nextFinding(agentWithKey(90, { status: 'decommissioned' }), limits, T0 + 85 * DAY)).toBeUndefined();
  });
});

describe('effectiveHygiene', () => {
  it('fills in the defaults and keeps the decommission threshold after the review one', () => {
    expect(effectiveHygiene(undefined)).toEqual({ inactiveAgentDays: 30, decommissionInactiveAfterDays: 90, keyExpiryWarningDays: 7 });
    expect(effectiveHygiene({ inactiveAgentDays: 120 }).decommissionInactiveAfterDays).toBe(121);
  });
});
