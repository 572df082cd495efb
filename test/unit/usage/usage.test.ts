import { describe, expect, it } from 'vitest';
import { summarizeUsage, type UsageCounter } from '../../../shared/usage/usage';

const counter = (fields: Partial<UsageCounter>): UsageCounter => ({
  day: '2026-11-24',
  agentId: 'agt_a',
  team: 'ops',
  role: 'bot',
  environment: 'prod',
  decisions: 0,
  allowed: 0,
  denied: 0,
  approvalsRequired: 0,
  batchRequests: 0,
  ...fields,
});

describe('Function: summarizeUsage', () => {
  it("sums an agent's shards and days, by team, agent and day, and counts agents that decided", () => {
    const summary = summarizeUsage('2026-11', [
      counter({ decisions: 3, allowed: 2, denied: 1 }),
      counter({ decisions: 2, allowed: 2, batchRequests: 1 }),
      counter({ day: '2026-11-25', decisions: 1, approvalsRequired: 1 }),
      counter({ agentId: 'agt_b', team: 'sales', decisions: 4, denied: 4 }),
      counter({ agentId: 'agt_idle', team: 'sales' }),
    ]);
    expect(summary.totals).toEqual({ decisions: 10, allowed: 4, denied: 5, approvalsRequired: 1, batchRequests: 1, activeAgents: 2 });
    expect(summary.byAgent.find((entry) => entry.agentId === 'agt_a')).toMatchObject({ decisions: 6, allowed: 4 });
    expect(summary.byTeam).toEqual([
      expect.objectContaining({ team: 'ops', decisions: 6 }),
      expect.objectContaining({ team: 'sales', decisions: 4 }),
    ]);
    expect(summary.byDay.map((entry) => [entry.day, entry.decisions])).toEqual([
      ['2026-11-24', 9],
      ['2026-11-25', 1],
    ]);
  });
});
