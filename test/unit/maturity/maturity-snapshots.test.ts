import { describe, expect, it } from 'vitest';
import { createFixedClock } from '../../../shared/kernel/clock';
import { weekOf } from '../../../shared/maturity/maturity';
import { createMaturitySnapshots, MAX_TENANTS_PER_RUN } from '../../../shared/maturity/maturity-snapshots';
import { changeOf } from '../../contract/contract-fixtures';
import { createInMemoryTenancyStore, createInMemoryTables } from '../../support/in-memory';
import { createInMemoryOpsStore } from '../../support/in-memory/in-memory-ops-store';
import { aTenant } from '../../support/tenancy-fixtures';

const MONDAY = Date.parse('2026-12-07T00:30:00.000Z');
const DAY = 86_400_000;

async function world(tenants: number, options: { failing?: string } = {}) {
  const clock = createFixedClock(MONDAY);
  const tenancy = createInMemoryTenancyStore(createInMemoryTables());
  for (let index = 0; index < tenants; index += 1) {
    const id = `t${String(index).padStart(4, '0')}`;
    await tenancy.createTenant(aTenant(id, index === 1 ? { status: 'suspended' } : {}), changeOf(id));
  }
  const assessed: string[] = [];
  const sweep = createMaturitySnapshots({
    tenancy,
    cursors: createInMemoryOpsStore(),
    clock,
    snapshot: async (tenantId) => {
      if (tenantId === options.failing) throw new Error('store down');
      assessed.push(tenantId);
    },
  });
  return { clock, sweep, assessed };
}

describe('Weekly maturity snapshots', () => {
  it('names weeks by their Monday (UTC)', () => {
    expect(weekOf(Date.parse('2026-12-07T00:00:00.000Z'))).toBe('2026-12-07');
    expect(weekOf(Date.parse('2026-12-13T23:59:59.999Z'))).toBe('2026-12-07');
    expect(weekOf(Date.parse('2026-12-06T23:59:59.999Z'))).toBe('2026-11-30');
    expect(weekOf(Date.parse('2027-01-01T12:00:00.000Z'))).toBe('2026-12-28');
  });

  it('assesses every active tenant once a week, then does nothing until the next week', async () => {
    const { clock, sweep, assessed } = await world(5);
    expect(await sweep.run()).toEqual({ week: '2026-12-07', snapshots: 4, failed: [], done: true });
    expect(assessed).toEqual(['t0000', 't0002', 't0003', 't0004']);
    clock.advance(3 * DAY);
    expect(await sweep.run()).toMatchObject({ snapshots: 0, done: true });
    clock.advance(4 * DAY);
    expect(await sweep.run()).toMatchObject({ week: '2026-12-14', snapshots: 4, done: true });
    expect(assessed).toHaveLength(8);
  });

  it(`takes at most ${MAX_TENANTS_PER_RUN} tenants a run and goes on where it stopped`, async () => {
    const { sweep, assessed } = await world(MAX_TENANTS_PER_RUN + 30);
    const first = await sweep.run();
    expect(first.done).toBe(false);
    expect(first.snapshots).toBe(MAX_TENANTS_PER_RUN - 1);
    const second = await sweep.run();
    expect(second).toMatchObject({ snapshots: 30, done: true });
    expect(new Set(assessed).size).toBe(assessed.length);
    expect(assessed).toHaveLength(MAX_TENANTS_PER_RUN + 29);
  });

  it('reports a tenant whose assessment failed and goes on with the others', async () => {
    const { sweep, assessed } = await world(4, { failing: 't0002' });
    expect(await sweep.run()).toEqual({ week: '2026-12-07', snapshots: 2, failed: ['t0002'], done: true });
    expect(assessed).toEqual(['t0000', 't0003']);
  });
});
