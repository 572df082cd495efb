import { describe, expect, it } from 'vitest';
import {
  firstOwnerTerm,
  MAX_OWNER_TERMS,
  OWNER_HISTORY_RETENTION_DAYS,
  type OwnerTerm,
  ownerHistoryOf,
  withOwnerChange,
} from '../../../shared/tenancy/owner-history';

const DAY_MS = 86_400_000;
const T0 = Date.parse('2026-12-01T00:00:00.000Z');
const at = (days: number) => new Date(T0 + days * DAY_MS).toISOString();
const registered = { owner: 'alice', createdAt: at(0), createdBy: 'admin', ownerHistory: [firstOwnerTerm('alice', at(0), 'admin')] };

describe('Function: withOwnerChange', () => {
  it('ends the current term and starts one naming the new owner and who changed it', () => {
    // Act
    const history = withOwnerChange(registered, { owner: 'bob', by: 'lead', nowMs: T0 + DAY_MS });

    // Assess
    expect(history).toEqual([
      { owner: 'alice', from: at(0), until: at(1), setBy: 'admin', via: 'registered' },
      { owner: 'bob', from: at(1), setBy: 'lead', via: 'changed' },
    ]);
  });

  it('drops terms that ended more than the retention period ago, and keeps the rest', () => {
    // Prepare
    const first = withOwnerChange(registered, { owner: 'bob', by: 'lead', nowMs: T0 + DAY_MS });
    const second = withOwnerChange(
      { ...registered, owner: 'bob', ownerHistory: first },
      { owner: 'carol', by: 'lead', nowMs: T0 + 2 * DAY_MS },
    );

    // Act
    const later = withOwnerChange(
      { ...registered, owner: 'carol', ownerHistory: second },
      { owner: 'dave', by: 'admin', nowMs: T0 + (OWNER_HISTORY_RETENTION_DAYS + 1.5) * DAY_MS },
    );

    // Assess: alice's term ended on day 1 (dropped), bob's on day 2 (kept), carol's now
    expect(later.map((term) => term.owner)).toEqual(['bob', 'carol', 'dave']);
  });

  it('refuses a change that would keep more than MAX_OWNER_TERMS terms, rather than forget a recent owner', () => {
    // Prepare: the most changes the history holds, all within the retention period
    let agent: { owner: string; createdAt: string; createdBy: string; ownerHistory: OwnerTerm[] } = {
      ...registered,
      ownerHistory: [...registered.ownerHistory],
    };
    for (let i = 1; i < MAX_OWNER_TERMS; i++) {
      const owner = `owner-${i}`;
      agent = { ...agent, owner, ownerHistory: withOwnerChange(agent, { owner, by: 'lead', nowMs: T0 + i * 60_000 }) };
    }
    expect(agent.ownerHistory).toHaveLength(MAX_OWNER_TERMS);

    // Act + Assess
    expect(() => withOwnerChange(agent, { owner: 'one-too-many', by: 'lead', nowMs: T0 + DAY_MS })).toThrow(
      expect.objectContaining({ code: 'owner_history_full' }),
    );
    expect(agent.ownerHistory[0]?.owner).toBe('alice');
  });
});

describe('Function: ownerHistoryOf', () => {
  it('starts the history of an agent registered before histories were kept at its registration', () => {
    expect(ownerHistoryOf({ owner: 'alice', createdAt: at(0), createdBy: 'admin' })).toEqual([
      { owner: 'alice', from: at(0), setBy: 'admin', via: 'registered' },
    ]);
  });

  it('returns the stored history when there is one', () => {
    const history = withOwnerChange(registered, { owner: 'bob', by: 'lead', nowMs: T0 + DAY_MS });
    expect(ownerHistoryOf({ ...registered, owner: 'bob', ownerHistory: history })).toBe(history);
  });
});
