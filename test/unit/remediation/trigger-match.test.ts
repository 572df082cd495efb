import { describe, expect, it } from 'vitest';
import type { Playbook, Trigger } from '../../../shared/remediation/playbook';
import { firesOn, isTriggerEvent, playbooksFor, subjectOf, type TriggeringEvent } from '../../../shared/remediation/trigger-match';

const AGENT = 'agt_01ABCDEFGHJKMNPQRSTVWXYZ00';

const anomaly = (detail: Record<string, unknown> = {}): TriggeringEvent => ({
  detailType: 'Anomaly.Detected',
  auditId: 'aud_01ABCDEFGHJKMNPQRSTVWXYZ01',
  detail: { tenantId: 'acme', anomalyId: 'anm_1', kind: 'deny_spike', agentId: AGENT, team: 'ops', score: 6, observed: 0.7, ...detail },
});

const quota = (scope: 'agent' | 'team' | 'tenant', subject: string, threshold = 0.95): TriggeringEvent => ({
  detailType: 'Quota.Threshold',
  auditId: 'aud_01ABCDEFGHJKMNPQRSTVWXYZ02',
  detail: { tenantId: 'acme', scope, subject, period: 'day', periodKey: '2026-12-07', limit: 100, used: 95, threshold },
});

const playbook = (id: string, trigger: Trigger, overrides: Partial<Playbook> = {}): Playbook => ({
  tenantId: 'acme',
  id,
  trigger,
  steps: [{ type: 'notify' }],
  mode: 'enforce',
  enabled: true,
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  updatedBy: 'admin',
  version: 1,
  ...overrides,
});

describe('firesOn', () => {
  it('fires on its event type with no conditions, and never on another type', () => {
    expect(firesOn({ event: 'Anomaly.Detected' }, anomaly())).toBe(true);
    expect(firesOn({ event: 'Incident.Opened' }, anomaly())).toBe(false);
    expect(firesOn({ event: 'Quota.Threshold' }, anomaly())).toBe(false);
  });

  it('fires when every condition holds: values equal, exactly', () => {
    expect(firesOn({ event: 'Anomaly.Detected', match: { kind: 'deny_spike', team: 'ops' } }, anomaly())).toBe(true);
    expect(firesOn({ event: 'Anomaly.Detected', match: { kind: 'deny_spike', team: 'sales' } }, anomaly())).toBe(false);
    expect(firesOn({ event: 'Anomaly.Detected', match: { kind: 'volume_spike' } }, anomaly())).toBe(false);
    expect(firesOn({ event: 'Anomaly.Detected', match: { score: 6 } }, anomaly())).toBe(true);
    expect(firesOn({ event: 'Anomaly.Detected', match: { score: 6 } }, anomaly({ score: '6' }))).toBe(false);
  });

  it('fires on a range with its bounds included', () => {
    const atLeast95 = { event: 'Quota.Threshold', match: { threshold: { gte: 0.95 } } } as const;
    expect(firesOn(atLeast95, quota('agent', AGENT, 0.95))).toBe(true);
    expect(firesOn(atLeast95, quota('agent', AGENT, 1))).toBe(true);
    expect(firesOn(atLeast95, quota('agent', AGENT, 0.9))).toBe(false);
    const atMost = { event: 'Anomaly.Detected', match: { score: { lte: 6 } } } as const;
    expect(firesOn(atMost, anomaly({ score: 6 }))).toBe(true);
    expect(firesOn(atMost, anomaly({ score: 6.01 }))).toBe(false);
    const between = { event: 'Anomaly.Detected', match: { score: { gte: 4, lte: 8 } } } as const;
    expect([3, 4, 8, 9].map((score) => firesOn(between, anomaly({ score })))).toEqual([false, true, true, false]);
  });

  it('does not fire when a field a condition names is missing or not a number for a range', () => {
    expect(firesOn({ event: 'Anomaly.Detected', match: { score: { gte: 0 } } }, anomaly({ score: undefined }))).toBe(false);
    expect(firesOn({ event: 'Anomaly.Detected', match: { score: { gte: 0 } } }, anomaly({ score: '7' }))).toBe(false);
    expect(firesOn({ event: 'Anomaly.Detected', match: { kind: 'deny_spike' } }, anomaly({ kind: undefined }))).toBe(false);
  });
});

describe('playbooksFor', () => {
  it('gives the enabled playbooks the event fires, in id order, skipping disabled ones', () => {
    const playbooks = [
      playbook('zeta', { event: 'Anomaly.Detected' }),
      playbook('alpha', { event: 'Anomaly.Detected', match: { kind: 'deny_spike' } }),
      playbook('beta', { event: 'Anomaly.Detected' }, { enabled: false }),
      playbook('gamma', { event: 'Anomaly.Detected', match: { kind: 'volume_spike' } }),
      playbook('delta', { event: 'Quota.Threshold' }),
      playbook('mid', { event: 'Anomaly.Detected' }, { mode: 'dry_run' }),
    ];
    expect(playbooksFor(playbooks, anomaly()).map((entry) => entry.id)).toEqual(['alpha', 'mid', 'zeta']);
    expect(playbooksFor([], anomaly())).toEqual([]);
  });

  it('does not reorder the list it was given', () => {
    const playbooks = [playbook('b', { event: 'Anomaly.Detected' }), playbook('a', { event: 'Anomaly.Detected' })];
    playbooksFor(playbooks, anomaly());
    expect(playbooks.map((entry) => entry.id)).toEqual(['b', 'a']);
  });
});

describe('subjectOf', () => {
  it("names an anomaly's agent and team", () => {
    expect(subjectOf(anomaly())).toEqual({ agentId: AGENT, team: 'ops' });
  });

  it("names the agent of an agent's quota, and no one for a team's or the tenant's quota", () => {
    expect(subjectOf(quota('agent', AGENT))).toEqual({ agentId: AGENT });
    expect(subjectOf(quota('team', 'ops'))).toBeUndefined();
    expect(subjectOf(quota('tenant', 'acme'))).toBeUndefined();
  });

  it('names no one when the event carries no agent', () => {
    expect(
      subjectOf({ detailType: 'Incident.Opened', auditId: 'aud_1', detail: { tenantId: 'acme', incidentId: 'inc_1' } }),
    ).toBeUndefined();
  });

  it('knows the events playbooks start from', () => {
    expect(isTriggerEvent('Agent.Inactive')).toBe(true);
    expect(isTriggerEvent('Agent.Registered')).toBe(false);
  });
});
