import { describe, expect, it } from 'vitest';
import { checkQuotaCaps, quotaCapProblems } from '../../../shared/tenancy/quota-caps';

describe('Function: quotaCapProblems', () => {
  it('accepts values up to the lower of the team and tenant quotas', () => {
    expect(
      quotaCapProblems({
        requested: { decisionsPerDay: 100, decisionsPerMonth: 2000 },
        team: { decisionsPerDay: 100 },
        tenant: { decisionsPerDay: 500, decisionsPerMonth: 2000 },
      }),
    ).toEqual([]);
  });

  it('names each field above its cap, with the cap and the level it comes from', () => {
    const problems = quotaCapProblems({
      requested: { decisionsPerDay: 101, decisionsPerMonth: 2001 },
      team: { decisionsPerDay: 100 },
      tenant: { decisionsPerDay: 500, decisionsPerMonth: 2000 },
    });
    expect(problems).toEqual([
      expect.objectContaining({ path: 'quotas.decisionsPerDay', cap: 100, capFrom: 'team' }),
      expect.objectContaining({ path: 'quotas.decisionsPerMonth', cap: 2000, capFrom: 'tenant' }),
    ]);
  });

  it('caps by the tenant alone when the team has no quota', () => {
    expect(quotaCapProblems({ requested: { decisionsPerDay: 501 }, team: undefined, tenant: { decisionsPerDay: 500 } })).toEqual([
      expect.objectContaining({ cap: 500, capFrom: 'tenant' }),
    ]);
    expect(quotaCapProblems({ requested: { decisionsPerDay: 501 }, team: {}, tenant: { decisionsPerDay: 500 } })).toHaveLength(1);
  });

  it('caps nothing when neither the team nor the tenant has a quota for the period', () => {
    expect(quotaCapProblems({ requested: { decisionsPerDay: 1_000_000_000 }, team: { decisionsPerMonth: 10 }, tenant: {} })).toEqual([]);
  });

  it('lets a value above its cap go down, but not up, while the agent stays in its team', () => {
    const caps = { team: { decisionsPerDay: 100 }, tenant: {} };
    expect(quotaCapProblems({ requested: { decisionsPerDay: 400 }, current: { decisionsPerDay: 500 }, ...caps })).toEqual([]);
    expect(quotaCapProblems({ requested: { decisionsPerDay: 501 }, current: { decisionsPerDay: 500 }, ...caps })).toHaveLength(1);
  });
});

describe('Function: checkQuotaCaps', () => {
  it('throws a ValidationError coded quota_above_cap when a value is above its cap', () => {
    expect(() => checkQuotaCaps({ requested: { decisionsPerDay: 2 }, team: { decisionsPerDay: 1 }, tenant: {} })).toThrow(
      expect.objectContaining({ name: 'ValidationError', code: 'quota_above_cap' }),
    );
    expect(() => checkQuotaCaps({ requested: { decisionsPerDay: 1 }, team: { decisionsPerDay: 1 }, tenant: {} })).not.toThrow();
  });
});
