import { describe, expect, it } from 'vitest';
import { createFixedClock } from '../../../shared/kernel/clock';
import { weekOf } from '../../../shared/maturity/maturity';
import { createMaturitySnapshots, MAX_SNAPSHOTS_PER_RUN, TIME_RESERVE_MS } from '../../../shared/maturity/maturity-snapshots';
import { changeOf } from '../../contract/contract-fixtures';
import { createInMemoryTenancyStore, createInMemoryTables } from '../../support/in-memory';
import { createInMemoryMaturityStore } from '../../support/in-memory/in-memory-maturity-store';
import { aTenant } from '../../support/tenancy-fixtures';

const MONDAY = Date.parse('2026-12-07T00:30:00.000Z');
const DAY = 86_400_000;
const idOf = (index: number) => `t${String(index).padStart(4, '0')}`;

async function world(tenants: number, options: { failing?: string } = {}) {
  const clock = createFixedClock(MONDAY);
  const tenancy = createInMemoryTenancyStore(createInMemoryTables());
  const store = createInMemoryMaturityStore();
  const onboard = async (index: number) => {
    const id = idOf(index);
    await tenancy.createTenant(aTenant(id, index === 1 ? { status: 'suspended' } : {}), changeOf(id));
  };
  for (let index = 0; index < tenants; index += 1) await onboard(index);
  const assessed: string[] = [];
  let failing = options.failing;
  const sweep = createMaturitySnapshots({
    tenancy,
    store,
    clock,
    snapshot: async (tenantId) => {
      if (tenantId === failing) throw new Error('store down');
      assessed.push(tenantId);
      const at = new Date(clock.nowMs()).toISOString();
      await store.saveSnapshot({ tenantId, week: weekOf(clock.nowMs()), at, level: 2, name: 'foundational', score: 40, met: [] });
    },
  });
  return { clock, sweep, assessed, onboard, recover: () => (failing = undefined) };
}

describe('Weekly maturity snapshots', () => {
  it('names weeks by their Monday (UTC)', () => {
    expect(weekOf(Date.parse('2026-12-07T00:00:00.000Z'))).toBe('2026-12-07');
    expect(weekOf(Date.parse('2026-12-13T23:59:59.999Z'))).toBe('2026-12-07');
    expect(weekOf(Date.parse('2026-12-06T23:59:59.999Z'))).toBe('2026-11-30');
    expect(weekOf(Date.parse('2027-01-01T12:00:00.000Z'))).toBe('2026-12-28');
  });

  it('assesses every active tenant once a week, then nothing until the next week', async () => {
    const { clock, sweep, assessed } = await world(5);
    expect(await sweep.run()).toEqual({ week: '2026-12-07', snapshots: 4, failed: [], done: true });
    expect(assessed).toEqual(['t0000', 't0002', 't0003', 't0004']);
    clock.advance(3 * DAY);
    expect(await sweep.run()).toMatchObject({ snapshots: 0, done: true });
    clock.advance(4 * DAY);
    expect(await sweep.run()).toMatchObject({ week: '2026-12-14', snapshots: 4, done: true });
    expect(assessed).toHaveLength(8);
  });

  it('gives a tenant onboarded mid-week its snapshot at the next run, wherever its id falls', async () => {
    const { clock, sweep, assessed, onboard } = await world(4);
    await sweep.run();
    clock.advance(DAY);
    await onboard(9_999); // t9999: after every other id
    expect(await sweep.run()).toMatchObject({ snapshots: 1, done: true });
    expect(assessed.at(-1)).toBe('t9999');
  });

  it(`assesses at most ${MAX_SNAPSHOTS_PER_RUN} tenants a run and the rest at the next`, async () => {
    const { sweep, assessed } = await world(MAX_SNAPSHOTS_PER_RUN + 30);
    const first = await sweep.run();
    expect(first).toMatchObject({ snapshots: MAX_SNAPSHOTS_PER_RUN, done: false });
    expect(await sweep.run()).toMatchObject({ snapshots: 29, done: true });
    expect(new Set(assessed).size).toBe(assessed.length);
    expect(assessed).toHaveLength(MAX_SNAPSHOTS_PER_RUN + 29);
  });

  it('counts a snapshot of a later week as done when the clock went back, instead of assessing the tenant every hour', async () => {
    const { clock, sweep, assessed, onboard } = await world(3);
    clock.advance(14 * DAY);
    expect(await sweep.run()).toMatchObject({ week: '2026-12-21', snapshots: 2 });
    clock.advance(-14 * DAY);
    await onboard(7);
    expect(await sweep.run()).toMatchObject({ week: '2026-12-07', snapshots: 1, done: true });
    expect(assessed.at(-1)).toBe('t0007');
    expect(await sweep.run()).toMatchObject({ snapshots: 0, done: true });
  });

  it('starts no assessment once less than the reserve of its time is left, and leaves the rest to the next run', async () => {
    const { sweep, assessed } = await world(6);
    let left = TIME_RESERVE_MS + 2_000;
    const timeLeftMs = () => (left -= 1_000);
    expect(await sweep.run({ timeLeftMs })).toMatchObject({ snapshots: 2, done: false });
    expect(await sweep.run()).toMatchObject({ snapshots: 3, done: true });
    expect(new Set(assessed).size).toBe(5);
  });

  it('reports a tenant whose assessment failed, goes on with the others, and tries it again at the next run', async () => {
    const { sweep, assessed, recover } = await world(4, { failing: 't0002' });
    expect(await sweep.run()).toEqual({ week: '2026-12-07', snapshots: 2, failed: ['t0002'], done: true });
    expect(assessed).toEqual(['t0000', 't0003']);
    recover();
    expect(await sweep.run()).toEqual({ week: '2026-12-07', snapshots: 1, failed: [], done: true });
    expect(assessed.at(-1)).toBe('t0002');
  });
});
