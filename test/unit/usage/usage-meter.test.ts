import { describe, expect, it } from 'vitest';
import { incrementsOf, MAX_AGENTS_PER_APPLY, type MeteredDecision, meteredDecisionOf, runsOf } from '../../../shared/usage/usage-meter';

const decision = (
  agentId: string,
  effect: MeteredDecision['effect'],
  sequence: string,
  extra: Partial<MeteredDecision> = {},
): MeteredDecision => ({
  itemType: 'decision',
  id: `dec_${sequence}`,
  tenantId: 'acme',
  at: '2026-11-24T10:00:00.000Z',
  agent: { id: agentId, team: 'ops', role: 'bot', environment: 'prod' },
  effect,
  sequence,
  ...extra,
});

describe('meteredDecisionOf', () => {
  const item = {
    pk: 'acme#AUDIT#2026-11-24#5',
    itemType: 'decision',
    kind: 'decision',
    id: 'dec_1',
    tenantId: 'acme',
    at: '2026-11-24T10:00:00.000Z',
    agent: { id: 'agt_1', name: 'a', team: 'ops', role: 'bot', environment: 'prod', labels: {} },
    effect: 'deny',
    reason: 'r',
  };

  it('reads what metering needs of a decision item, and its stream position', () => {
    expect(meteredDecisionOf(item, '42')).toEqual({
      itemType: 'decision',
      id: 'dec_1',
      tenantId: 'acme',
      at: item.at,
      agent: { id: 'agt_1', team: 'ops', role: 'bot', environment: 'prod' },
      effect: 'deny',
      sequence: '42',
    });
  });

  it('passes over audit items that are not decisions', () => {
    expect(meteredDecisionOf({ itemType: 'change', tenantId: 'acme' }, '1')).toBeUndefined();
  });

  it('refuses a decision item it cannot read, rather than leave it uncounted', () => {
    expect(() => meteredDecisionOf({ ...item, effect: 'maybe' }, '1')).toThrow(/effect/);
    expect(() => meteredDecisionOf(item, undefined)).toThrow(/sequence/);
  });
});

describe('incrementsOf', () => {
  it('sums decisions per agent by effect and counts batch requests by their first record', () => {
    const increments = incrementsOf([
      decision('a', 'allow', '1', { batchFirst: true }),
      decision('a', 'deny', '2'),
      decision('b', 'require_approval', '3'),
      decision('a', 'allow', '4'),
    ]);
    expect(increments).toEqual([
      {
        agentId: 'a',
        team: 'ops',
        role: 'bot',
        environment: 'prod',
        decisions: 3,
        allowed: 2,
        denied: 1,
        approvalsRequired: 0,
        batchRequests: 1,
      },
      {
        agentId: 'b',
        team: 'ops',
        role: 'bot',
        environment: 'prod',
        decisions: 1,
        allowed: 0,
        denied: 0,
        approvalsRequired: 1,
        batchRequests: 0,
      },
    ]);
  });
});

describe('runsOf', () => {
  it('splits records in stream order into runs of at most the agents one transaction holds', () => {
    const records = Array.from({ length: 250 }, (_, i) => decision(`agt_${i % 120}`, 'allow', String(i + 1)));
    const runs = runsOf(records);
    expect(runs.flat()).toEqual(records);
    for (const run of runs) expect(new Set(run.map((record) => record.agent.id)).size).toBeLessThanOrEqual(MAX_AGENTS_PER_APPLY);
    expect(runs.length).toBe(3);
  });

  it('keeps a busy agent in one run however many records it has', () => {
    const records = Array.from({ length: 500 }, (_, i) => decision('busy', 'allow', String(i + 1)));
    expect(runsOf(records)).toEqual([records]);
  });
});
