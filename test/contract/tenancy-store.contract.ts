/**
 * The TenancyStore contract (shared/tenancy/tenancy-store.ts), run against every implementation:
 * in memory (test/unit/contract) and on DynamoDB Local (test/integration/contract).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditReader } from '../../shared/audit/audit-reader';
import { readAll } from '../../shared/kernel/paginate';
import type { AgentRole, Team } from '../../shared/tenancy/team';
import type { TenancyStore } from '../../shared/tenancy/tenancy-store';
import { aKey, anAgent, aTenant } from '../support/tenancy-fixtures';
import { AT, changeOf, changesOf, unique } from './contract-fixtures';

export interface TenancyStoreFixture {
  readonly store: TenancyStore;
  /** Reads back the change records written with each change. */
  readonly audit: AuditReader;
}

const aTeam = (tenantId: string, name: string, overrides: Partial<Team> = {}): Team => ({
  tenantId,
  name,
  quotas: {},
  createdAt: AT,
  createdBy: 'admin',
  version: 1,
  ...overrides,
});
const aRole = (tenantId: string, name: string, overrides: Partial<AgentRole> = {}): AgentRole => ({
  tenantId,
  name,
  description: `${name} agents`,
  quotas: {},
  createdAt: AT,
  updatedAt: AT,
  updatedBy: 'admin',
  version: 1,
  ...overrides,
});

export function describeTenancyStoreContract(name: string, makeFixture: () => Promise<TenancyStoreFixture>) {
  describe(`TenancyStore contract: ${name}`, () => {
    let store: TenancyStore;
    let audit: AuditReader;

    beforeAll(async () => {
      ({ store, audit } = await makeFixture());
    });

    async function aTenantNamed(prefix: string, epoch = 1) {
      const tenantId = unique(prefix);
      await store.createTenant(aTenant(tenantId, { epoch }), changeOf(tenantId, 'tenant.onboarded'));
      return tenantId;
    }
    const epochOf = async (tenantId: string) => (await store.getTenant(tenantId, { consistent: true }))?.epoch;

    describe('Tenants', () => {
      it('creates a tenant once, with its change record, and refuses the id again with ConflictError tenant_exists', async () => {
        const tenantId = await aTenantNamed('tenant');
        expect(await store.getTenant(tenantId)).toEqual(aTenant(tenantId, { epoch: 1 }));
        await expect(
          store.createTenant(aTenant(tenantId, { name: 'Again' }), changeOf(tenantId, 'tenant.onboarded')),
        ).rejects.toMatchObject({ name: 'ConflictError', code: 'tenant_exists' });
        expect((await store.getTenant(tenantId))?.name).toBe(`Tenant ${tenantId}`);
        expect(await changesOf(audit, tenantId)).toEqual([{ action: 'tenant.onboarded', target: { type: 'tenant', id: tenantId } }]);
        expect(await store.getTenant(unique('nobody'))).toBeUndefined();
      });

      it('lists tenants in id order, page after page from the last id seen', async () => {
        const prefix = unique('listed');
        for (const suffix of ['c', 'a', 'b']) await store.createTenant(aTenant(`${prefix}-${suffix}`), changeOf(`${prefix}-${suffix}`));
        const all = await readAll(
          (page) => store.listTenants(page),
          (tenant) => tenant.id,
          2,
        );
        expect(all.map((tenant) => tenant.id).filter((id) => id.startsWith(prefix))).toEqual([`${prefix}-a`, `${prefix}-b`, `${prefix}-c`]);
        const after = await store.listTenants({ limit: 1, after: `${prefix}-a` });
        expect(after.items.map((tenant) => tenant.id)).toEqual([`${prefix}-b`]);
        expect(after.more).toBe(true);
      });

      it('replaces a tenant from the version read, adding one to the epoch as stored (whatever the caller sends)', async () => {
        const tenantId = await aTenantNamed('update', 5);
        await store.updateTenant(aTenant(tenantId, { name: 'Renamed', epoch: 99, version: 2 }), 1, changeOf(tenantId, 'tenant.updated'));
        expect(await store.getTenant(tenantId, { consistent: true })).toMatchObject({ name: 'Renamed', version: 2, epoch: 6 });
      });

      it('refuses a replacement from a stale version, or of a tenant that does not exist, with ConflictError version_conflict', async () => {
        const tenantId = await aTenantNamed('stale');
        await store.updateTenant(aTenant(tenantId, { version: 2 }), 1, changeOf(tenantId, 'tenant.updated'));
        await expect(
          store.updateTenant(aTenant(tenantId, { name: 'Lost', version: 2 }), 1, changeOf(tenantId, 'tenant.updated')),
        ).rejects.toMatchObject({ name: 'ConflictError', code: 'version_conflict' });
        const ghost = unique('ghost');
        await expect(store.updateTenant(aTenant(ghost, { version: 2 }), 1, changeOf(ghost))).rejects.toMatchObject({
          name: 'ConflictError',
          code: 'version_conflict',
        });
        expect(await store.getTenant(ghost, { consistent: true })).toBeUndefined();
        expect((await changesOf(audit, tenantId)).map((change) => change.action)).toEqual(['tenant.onboarded', 'tenant.updated']);
      });
    });

    describe('Teams and roles', () => {
      it("creates a team once (ConflictError team_exists after) and lists a tenant's teams by name, page after page", async () => {
        const tenantId = await aTenantNamed('teams');
        for (const team of ['ops', 'billing', 'support']) await store.createTeam(aTeam(tenantId, team), changeOf(tenantId, 'team.created'));
        await expect(
          store.createTeam(aTeam(tenantId, 'ops', { description: 'again' }), changeOf(tenantId, 'team.created')),
        ).rejects.toMatchObject({ name: 'ConflictError', code: 'team_exists' });
        expect(await store.getTeam(tenantId, 'ops')).toEqual(aTeam(tenantId, 'ops'));
        const first = await store.listTeams(tenantId, { limit: 2 });
        expect(first.items.map((team) => team.name)).toEqual(['billing', 'ops']);
        expect(first.more).toBe(true);
        expect(await store.listTeams(tenantId, { limit: 2, after: 'ops' })).toEqual({ items: [aTeam(tenantId, 'support')], more: false });
        expect(await store.listTeams(unique('no-teams'), { limit: 10 })).toEqual({ items: [], more: false });
        expect(await changesOf(audit, tenantId)).toHaveLength(4);
      });

      it('replaces a team from the version read and bumps the tenant epoch; a stale version is a ConflictError', async () => {
        const tenantId = await aTenantNamed('team-update');
        await store.createTeam(aTeam(tenantId, 'ops'), changeOf(tenantId));
        await store.updateTeam(
          aTeam(tenantId, 'ops', { quotas: { decisionsPerDay: 10 }, version: 2 }),
          1,
          changeOf(tenantId, 'team.updated'),
        );
        expect(await store.getTeam(tenantId, 'ops')).toMatchObject({ quotas: { decisionsPerDay: 10 }, version: 2 });
        expect(await epochOf(tenantId)).toBe(2);
        await expect(store.updateTeam(aTeam(tenantId, 'ops', { version: 2 }), 1, changeOf(tenantId))).rejects.toMatchObject({
          name: 'ConflictError',
          code: 'version_conflict',
        });
        expect(await epochOf(tenantId)).toBe(2);
      });

      it('creates a role, replaces it from the version read, and bumps the epoch each time; a second creation is a ConflictError', async () => {
        const tenantId = await aTenantNamed('roles');
        await store.putRole(aRole(tenantId, 'bot'), undefined, changeOf(tenantId, 'role.saved'));
        await expect(store.putRole(aRole(tenantId, 'bot'), undefined, changeOf(tenantId, 'role.saved'))).rejects.toMatchObject({
          name: 'ConflictError',
          code: 'version_conflict',
        });
        await store.putRole(aRole(tenantId, 'bot', { description: 'v2', version: 2 }), 1, changeOf(tenantId, 'role.saved'));
        await expect(store.putRole(aRole(tenantId, 'bot', { version: 2 }), 1, changeOf(tenantId, 'role.saved'))).rejects.toMatchObject({
          name: 'ConflictError',
        });
        await store.putRole(aRole(tenantId, 'analyst'), undefined, changeOf(tenantId, 'role.saved'));
        expect(await store.getRole(tenantId, 'bot')).toMatchObject({ description: 'v2', version: 2 });
        expect((await store.listRoles(tenantId, { limit: 10 })).items.map((role) => role.name)).toEqual(['analyst', 'bot']);
        expect(await epochOf(tenantId)).toBe(4);
      });
    });

    describe('Agents and keys', () => {
      it('creates an agent with its first key, without moving the epoch; the same id again is a ConflictError agent_exists', async () => {
        const tenantId = await aTenantNamed('agents');
        const agent = anAgent(tenantId);
        const key = aKey(tenantId, agent.id);
        await store.createAgent(agent, key, changeOf(tenantId, 'agent.registered', { type: 'agent', id: agent.id }));
        expect(await store.getAgent(tenantId, agent.id)).toEqual(agent);
        expect(await store.getApiKey(tenantId, key.keyHash)).toEqual(key);
        expect(await epochOf(tenantId)).toBe(1);
        await expect(store.createAgent({ ...agent, name: 'twin' }, aKey(tenantId, agent.id), changeOf(tenantId))).rejects.toMatchObject({
          name: 'ConflictError',
          code: 'agent_exists',
        });
        expect(await store.getAgent(unique('elsewhere'), agent.id)).toBeUndefined();
        expect(await store.getApiKey(unique('elsewhere'), key.keyHash)).toBeUndefined();
      });

      it('saves an agent from the version read with its new keys and an epoch bump, all or nothing', async () => {
        const tenantId = await aTenantNamed('save-agent');
        const agent = anAgent(tenantId);
        await store.createAgent(agent, aKey(tenantId, agent.id), changeOf(tenantId));
        const rotated = aKey(tenantId, agent.id);
        await store.saveAgent(
          { ...agent, name: 'renamed', version: 2 },
          1,
          changeOf(tenantId, 'agent.updated', { type: 'agent', id: agent.id }),
          { put: [rotated] },
        );
        expect(await store.getAgent(tenantId, agent.id)).toMatchObject({ name: 'renamed', version: 2 });
        expect(await store.getApiKey(tenantId, rotated.keyHash)).toEqual(rotated);
        expect(await epochOf(tenantId)).toBe(2);

        const lost = aKey(tenantId, agent.id);
        await expect(
          store.saveAgent({ ...agent, name: 'stale', version: 2 }, 1, changeOf(tenantId), { put: [lost] }),
        ).rejects.toMatchObject({ name: 'ConflictError', code: 'version_conflict' });
        expect(await store.getApiKey(tenantId, lost.keyHash)).toBeUndefined();
        expect(await store.getAgent(tenantId, agent.id)).toMatchObject({ name: 'renamed' });
        expect(await epochOf(tenantId)).toBe(2);
      });

      it("lists a tenant's agents in id order, page after page", async () => {
        const tenantId = await aTenantNamed('list-agents');
        const agents = [anAgent(tenantId), anAgent(tenantId), anAgent(tenantId)];
        for (const agent of [...agents].reverse()) await store.createAgent(agent, aKey(tenantId, agent.id), changeOf(tenantId));
        const first = await store.listAgents(tenantId, { limit: 2 });
        expect(first.items.map((agent) => agent.id)).toEqual([agents[0]!.id, agents[1]!.id]);
        expect(await store.listAgents(tenantId, { limit: 2, after: agents[1]!.id })).toEqual({ items: [agents[2]], more: false });
      });

      it('sets lastSeenAt only when it is absent or older than notBefore, without a new version', async () => {
        const tenantId = await aTenantNamed('seen');
        const agent = anAgent(tenantId);
        await store.createAgent(agent, aKey(tenantId, agent.id), changeOf(tenantId));
        await store.touchAgentLastSeen(tenantId, agent.id, '2026-11-24T12:00:00.000Z', '2026-11-24T11:55:00.000Z');
        await store.touchAgentLastSeen(tenantId, agent.id, '2026-11-24T12:01:00.000Z', '2026-11-24T11:56:00.000Z');
        expect(await store.getAgent(tenantId, agent.id)).toMatchObject({ lastSeenAt: '2026-11-24T12:00:00.000Z', version: 1 });
        await store.touchAgentLastSeen(tenantId, agent.id, '2026-11-24T12:10:00.000Z', '2026-11-24T12:05:00.000Z');
        expect((await store.getAgent(tenantId, agent.id))?.lastSeenAt).toBe('2026-11-24T12:10:00.000Z');
        const ghost = `agt_${'Z'.repeat(26)}`;
        await store.touchAgentLastSeen(tenantId, ghost, '2026-11-24T12:10:00.000Z', '2026-11-24T12:05:00.000Z');
        expect(await store.getAgent(tenantId, ghost)).toBeUndefined();
      });
    });

    describe("A key's first use", () => {
      it('reads a tenant and one of its keys in one request, each as getTenant and getApiKey read it', async () => {
        const tenantId = await aTenantNamed('first-use');
        const agent = anAgent(tenantId);
        const key = aKey(tenantId, agent.id);
        await store.createAgent(agent, key, changeOf(tenantId));
        expect(await store.getTenantAndApiKey(tenantId, key.keyHash)).toEqual({
          tenant: await store.getTenant(tenantId),
          key: await store.getApiKey(tenantId, key.keyHash),
        });
        expect(await store.getTenantAndApiKey(tenantId, aKey(tenantId, agent.id).keyHash)).toEqual({
          tenant: await store.getTenant(tenantId),
          key: undefined,
        });
        // Another tenant's key, and a tenant that does not exist, are not found.
        expect(await store.getTenantAndApiKey(unique('elsewhere'), key.keyHash)).toEqual({ tenant: undefined, key: undefined });
      });

      it('notes an agent seen and gives it as stored after, without a new version; nothing for an agent that does not exist', async () => {
        const tenantId = await aTenantNamed('noted');
        const agent = anAgent(tenantId);
        await store.createAgent(agent, aKey(tenantId, agent.id), changeOf(tenantId));
        const noted = await store.noteAgentSeen(tenantId, agent.id, '2026-11-24T12:00:00.000Z');
        expect(noted).toEqual({ ...agent, lastSeenAt: '2026-11-24T12:00:00.000Z' });
        expect(await store.getAgent(tenantId, agent.id)).toEqual(noted);
        const ghost = `agt_${'Y'.repeat(26)}`;
        expect(await store.noteAgentSeen(tenantId, ghost, '2026-11-24T12:00:00.000Z')).toBeUndefined();
        expect(await store.getAgent(tenantId, ghost)).toBeUndefined();
      });
    });

    describe('Agent counts', () => {
      it('applies the deltas of an event once per consumer, and counts from zero', async () => {
        const tenantId = unique('counts');
        expect(await store.getAgentCounts(tenantId)).toEqual({ active: 0, suspended: 0, decommissioned: 0 });
        expect(await store.applyAgentCountDeltas(tenantId, 'stats', 'evt-1', { active: 1 })).toBe(true);
        expect(await store.applyAgentCountDeltas(tenantId, 'stats', 'evt-1', { active: 1 })).toBe(false);
        expect(await store.applyAgentCountDeltas(tenantId, 'stats', 'evt-2', { active: 1 })).toBe(true);
        expect(await store.applyAgentCountDeltas(tenantId, 'stats', 'evt-3', { active: -1, suspended: 1 })).toBe(true);
        expect(await store.applyAgentCountDeltas(tenantId, 'other-consumer', 'evt-1', { decommissioned: 1 })).toBe(true);
        expect(await store.applyAgentCountDeltas(tenantId, 'stats', 'evt-4', {})).toBe(true);
        expect(await store.getAgentCounts(tenantId)).toEqual({ active: 1, suspended: 1, decommissioned: 1 });
      });
    });
  });
}
