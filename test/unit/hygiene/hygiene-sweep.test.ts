import { describe, expect, it } from 'vitest';
import type { ChangeRecord } from '../../../shared/audit/change-record';
import { createHygieneSweep, MAX_TENANTS_PER_RUN } from '../../../shared/hygiene/hygiene-sweep';
import { createFixedClock } from '../../../shared/kernel/clock';
import { ConflictError } from '../../../shared/kernel/errors';
import { createIdGenerator } from '../../../shared/kernel/ids';
import { createInMemoryTables, createInMemoryTenancyStore } from '../../support/in-memory';
import { createInMemoryOpsStore } from '../../support/in-memory/in-memory-ops-store';
import { aTenant, anAgent } from '../../support/tenancy-fixtures';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-24T10:00:00.000Z');

/** A sweep over in-memory stores, its clock at T0, and a reader of the change records it wrote. */
async function sweepOnMemory(tenants: string[], agentsPerTenant = 1) {
  const tables = createInMemoryTables();
  const tenancy = createInMemoryTenancyStore(tables);
  const clock = createFixedClock(T0);
  const ids = createIdGenerator(clock);
  for (const id of tenants) {
    await tenancy.createTenant(aTenant(id), onboarded(id));
    for (let i = 0; i < agentsPerTenant; i++)
      await tenancy.createAgent(
        anAgent(id, { id: `agt_${id.replace(/\W/g, '')}_${i}`, createdAt: new Date(T0).toISOString() }),
        {
          tenantId: id,
          agentId: `agt_${i}`,
          keyHash: `h-${id}-${i}`,
          keyId: `key_${i}`,
          createdAt: '2026-11-24T10:00:00.000Z',
          expiresAt: '2027-11-24T10:00:00.000Z',
        },
        registered(id, i),
      );
  }
  const changes = () =>
    [...tables.audit.values()]
      .map((entry) => entry.record as unknown as ChangeRecord)
      .filter((record) => record.kind === 'change' && record.actor.type === 'system');
  return { tenancy, clock, changes, sweep: createHygieneSweep({ tenancy, cursors: createInMemoryOpsStore(), clock, ids }) };
}

let counter = 0;
const change = (tenantId: string, action: string): ChangeRecord =>
  ({
    kind: 'change',
    id: `aud_${String(++counter).padStart(10, '0')}`,
    tenantId,
    at: '2026-11-24T10:00:00.000Z',
    actor: { type: 'operator', sub: 'admin' },
    action,
    target: { type: 'tenant', id: tenantId },
    event: { source: 'warden.tenancy', detailType: 'Tenant.Onboarded', detail: { tenantId } },
  }) as ChangeRecord;
const onboarded = (tenantId: string) => change(tenantId, 'tenant.onboarded');
const registered = (tenantId: string, _i: number) => change(tenantId, 'agent.registered');

describe('Hygiene sweep', () => {
  it("reports each tenant's idle agents once, by the system actor, with Agent.Inactive", async () => {
    const { sweep, clock, changes } = await sweepOnMemory(['acme', 'globex'], 2);
    clock.set(T0 + 31 * DAY);
    const first = await sweep.run();
    expect(first).toMatchObject({ tenants: 2, findings: 4, failed: [], done: true });
    expect(changes().map((record) => [record.tenantId, record.action, record.event.detailType])).toEqual(
      expect.arrayContaining([
        ['acme', 'agent.inactive', 'Agent.Inactive'],
        ['globex', 'agent.inactive', 'Agent.Inactive'],
      ]),
    );
    expect(changes().every((record) => record.actor.type === 'system' && record.actor.name === 'hygiene')).toBe(true);
    expect(changes()[0]!.event.detail).toMatchObject({ inactiveDays: 31, thresholdDays: 30, dueFor: 'review' });
    // The same day: the round is done. The next day: swept again, nothing new to say.
    expect(await sweep.run()).toMatchObject({ tenants: 0, findings: 0, done: true });
    clock.set(T0 + 32 * DAY);
    expect(await sweep.run()).toMatchObject({ tenants: 2, findings: 0, done: true });
    expect(changes()).toHaveLength(4);
  });

  it('spreads a day over runs of at most MAX_TENANTS_PER_RUN tenants, going on where the last run stopped', async () => {
    const tenants = Array.from({ length: MAX_TENANTS_PER_RUN + 30 }, (_, i) => `t${String(i).padStart(4, '0')}`);
    const { sweep, clock, changes } = await sweepOnMemory(tenants);
    clock.set(T0 + 31 * DAY);
    expect(await sweep.run()).toMatchObject({ tenants: MAX_TENANTS_PER_RUN, done: false });
    expect(await sweep.run()).toMatchObject({ tenants: 30, done: true });
    expect(new Set(changes().map((record) => record.tenantId)).size).toBe(tenants.length);
  });

  it('reads an agent again when someone changed it meanwhile, and reports on the agent as it now is', async () => {
    const { sweep, clock, changes, tenancy } = await sweepOnMemory(['acme']);
    clock.set(T0 + 31 * DAY);
    let conflicts = 0;
    const racing = createHygieneSweep({
      tenancy: {
        ...tenancy,
        saveAgent: async (...args) => {
          if (conflicts++ === 0) throw new ConflictError('changed by someone else', 'version_conflict');
          return tenancy.saveAgent(...args);
        },
      },
      cursors: createInMemoryOpsStore(),
      clock,
      ids: createIdGenerator(clock),
    });
    expect(await racing.run()).toMatchObject({ findings: 1, failed: [] });
    expect(conflicts).toBe(2);
    expect(changes()).toHaveLength(1);
    expect(await sweep.sweepTenant((await tenancy.getTenant('acme'))!)).toBe(0);
  });

  it("times out each active tenant's stale approvals through the approvals' own step, removes its expired grants, and counts both", async () => {
    const { tenancy, clock } = await sweepOnMemory(['acme', 'globex']);
    const asked: string[] = [];
    const sweep = createHygieneSweep({
      tenancy,
      staleApprovals: async (tenantId) => (asked.push(tenantId), tenantId === 'acme' ? 2 : 0),
      expiredGrants: async (tenantId) => (tenantId === 'globex' ? 3 : 0),
      cursors: createInMemoryOpsStore(),
      clock,
      ids: createIdGenerator(clock),
    });
    expect(await sweep.run()).toMatchObject({ tenants: 2, staleApprovals: 2, expiredGrants: 3 });
    expect(asked.sort()).toEqual(['acme', 'globex']);
  });

  it('leaves suspended tenants alone', async () => {
    const { sweep, clock, changes, tenancy } = await sweepOnMemory(['acme']);
    const tenant = (await tenancy.getTenant('acme'))!;
    await tenancy.updateTenant(
      { ...tenant, status: 'suspended', version: tenant.version + 1 },
      tenant.version,
      change('acme', 'tenant.updated'),
    );
    clock.set(T0 + 31 * DAY);
    expect(await sweep.run()).toMatchObject({ tenants: 1, findings: 0 });
    expect(changes()).toEqual([]);
  });
});
