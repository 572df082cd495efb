import { describe, expect, it } from 'vitest';
import { quotasInForce } from '../../../shared/quotas/quota';

const nowMs = Date.parse('2026-11-24T10:00:00.000Z');

describe('Function: quotasInForce', () => {
  it("takes the agent's own quotas over its role's defaults, and the team's and tenant's", () => {
    const quotas = quotasInForce({
      tenant: { id: 'acme', quotas: { decisionsPerMonth: 1000 } },
      team: { name: 'ops', quotas: { decisionsPerDay: 50 } },
      role: { quotas: { decisionsPerDay: 10, decisionsPerMonth: 100 } },
      agent: { id: 'agt_1', quotas: { decisionsPerDay: 20 } },
      nowMs,
    });
    expect(quotas.map((quota) => [quota.scope, quota.subject, quota.period, quota.limit])).toEqual([
      ['agent', 'agt_1', 'day', 20],
      ['agent', 'agt_1', 'month', 100],
      ['team', 'ops', 'day', 50],
      ['tenant', 'acme', 'month', 1000],
    ]);
  });

  it('keys each period by its UTC day or month and ends it at the next one', () => {
    const [day, month] = quotasInForce({
      tenant: { id: 't', quotas: { decisionsPerDay: 1, decisionsPerMonth: 2 } },
      team: undefined,
      role: undefined,
      agent: { id: 'a', quotas: {} },
      nowMs,
    });
    expect(day).toMatchObject({ periodKey: '2026-11-24', endsAtMs: Date.parse('2026-11-25T00:00:00.000Z') });
    expect(month).toMatchObject({ periodKey: '2026-11', endsAtMs: Date.parse('2026-12-01T00:00:00.000Z') });
  });

  it('is empty when nothing is limited', () => {
    expect(
      quotasInForce({ tenant: { id: 't', quotas: {} }, team: undefined, role: undefined, agent: { id: 'a', quotas: {} }, nowMs }),
    ).toEqual([]);
  });
});
