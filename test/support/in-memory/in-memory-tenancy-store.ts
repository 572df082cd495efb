/**
 * TenancyStore in memory, with the DynamoDB adapter's observable behaviour
 * (shared/adapters/dynamodb/dynamodb-tenancy-store.ts): creations refused when the id or name is
 * taken (`tenant_exists`, `team_exists`, `agent_exists`), replacements only from the version read
 * (`version_conflict`), epoch bumps with team, role and agent changes (refused when the tenant
 * does not exist), lists in id or name order paged after a natural key, count deltas applied once
 * per (consumer, event), and a change record in the audit log with every change.
 */
import { ConflictError } from '../../../shared/kernel/errors';
import type { ApiKeyRecord } from '../../../shared/tenancy/agent';
import type { AgentRole, Team } from '../../../shared/tenancy/team';
import type { TenancyStore } from '../../../shared/tenancy/tenancy-store';
import type { AgentCounts } from '../../../shared/tenancy/tenant-stats';
import {
  auditAbsent,
  bumpEpoch,
  type InMemoryTables,
  pageOf,
  putAudit,
  readBack,
  stored,
  tenantExists,
  tenantKey,
  transact,
} from './in-memory-tables';

/** Creates a TenancyStore over `tables` (tenants, agents and the audit log are shared with the other stores). */
export function createInMemoryTenancyStore(tables: InMemoryTables): TenancyStore {
  const teams = new Map<string, Team>();
  const roles = new Map<string, AgentRole>();
  const keys = new Map<string, ApiKeyRecord>();
  const processedEvents = new Set<string>();
  const counts = new Map<string, AgentCounts>();

  const ofTenant = <T>(map: Map<string, T>, tenantId: string) =>
    [...map.entries()].filter(([key]) => key.startsWith(`${tenantId}#`)).map(([, value]) => value);

  return {
    async createTenant(tenant, change) {
      transact(
        [!tables.tenants.has(tenant.id), auditAbsent(tables, [change])],
        () => new ConflictError(`Tenant ${tenant.id} already exists`, 'tenant_exists'),
        [() => tables.tenants.set(tenant.id, stored(tenant)), () => putAudit(tables, change)],
      );
    },

    async getTenant(tenantId) {
      const tenant = tables.tenants.get(tenantId);
      return tenant && readBack(tenant);
    },

    async listTenants(page) {
      return pageOf(tables.tenants.values(), (tenant) => tenant.id, page);
    },

    async updateTenant(next, expectedVersion, change) {
      const current = tables.tenants.get(next.id);
      const { epoch: _epoch, ...fields } = stored(next);
      transact(
        [current?.version === expectedVersion, auditAbsent(tables, [change])],
        () => new ConflictError(`Tenant ${next.id} was changed by someone else; read it again`, 'version_conflict'),
        [
          // Fields are set and the epoch is added to, as the adapter's UpdateExpression does.
          () => tables.tenants.set(next.id, { ...current!, ...fields, epoch: current!.epoch + 1 }),
          () => putAudit(tables, change),
        ],
      );
    },

    async createTeam(team, change) {
      const key = tenantKey(team.tenantId, team.name);
      transact(
        [!teams.has(key), auditAbsent(tables, [change])],
        () => new ConflictError(`Team ${team.name} already exists`, 'team_exists'),
        [() => teams.set(key, stored(team)), () => putAudit(tables, change)],
      );
    },

    async getTeam(tenantId, name) {
      const team = teams.get(tenantKey(tenantId, name));
      return team && readBack(team);
    },

    async listTeams(tenantId, page) {
      return pageOf(ofTenant(teams, tenantId), (team) => team.name, page);
    },

    async updateTeam(next, expectedVersion, change) {
      const key = tenantKey(next.tenantId, next.name);
      transact(
        [teams.get(key)?.version === expectedVersion, tenantExists(tables, next.tenantId), auditAbsent(tables, [change])],
        () => new ConflictError(`Team ${next.name} was changed by someone else; read it again`, 'version_conflict'),
        [() => teams.set(key, stored(next)), () => bumpEpoch(tables, next.tenantId), () => putAudit(tables, change)],
      );
    },

    async putRole(role, expectedVersion, change) {
      const key = tenantKey(role.tenantId, role.name);
      const current = roles.get(key);
      transact(
        [
          expectedVersion === undefined ? current === undefined : current?.version === expectedVersion,
          tenantExists(tables, role.tenantId),
          auditAbsent(tables, [change]),
        ],
        () => new ConflictError(`Role ${role.name} was changed by someone else; try again`, 'version_conflict'),
        [() => roles.set(key, stored(role)), () => bumpEpoch(tables, role.tenantId), () => putAudit(tables, change)],
      );
    },

    async getRole(tenantId, name) {
      const role = roles.get(tenantKey(tenantId, name));
      return role && readBack(role);
    },

    async listRoles(tenantId, page) {
      return pageOf(ofTenant(roles, tenantId), (role) => role.name, page);
    },

    async createAgent(agent, key, change) {
      const agentKey = tenantKey(agent.tenantId, agent.id);
      transact(
        [!tables.agents.has(agentKey), auditAbsent(tables, [change])],
        () => new ConflictError(`Agent ${agent.id} already exists`, 'agent_exists'),
        [
          () => tables.agents.set(agentKey, stored(agent)),
          () => keys.set(tenantKey(key.tenantId, key.keyHash), stored(key)),
          () => putAudit(tables, change),
        ],
      );
    },

    async getAgent(tenantId, agentId) {
      const agent = tables.agents.get(tenantKey(tenantId, agentId));
      return agent && readBack(agent);
    },

    async listAgents(tenantId, page) {
      return pageOf(ofTenant(tables.agents, tenantId), (agent) => agent.id, page);
    },

    async saveAgent(next, expectedVersion, change, writes = {}) {
      const agentKey = tenantKey(next.tenantId, next.id);
      transact(
        [tables.agents.get(agentKey)?.version === expectedVersion, tenantExists(tables, next.tenantId), auditAbsent(tables, [change])],
        () => new ConflictError(`Agent ${next.id} was changed by someone else; read it again`, 'version_conflict'),
        [
          () => tables.agents.set(agentKey, stored(next)),
          () => (writes.put ?? []).forEach((key) => keys.set(tenantKey(key.tenantId, key.keyHash), stored(key))),
          () => bumpEpoch(tables, next.tenantId),
          () => putAudit(tables, change),
        ],
      );
    },

    async getApiKey(tenantId, keyHash) {
      const key = keys.get(tenantKey(tenantId, keyHash));
      return key && readBack(key);
    },

    async getTenantAndApiKey(tenantId, keyHash) {
      const tenant = tables.tenants.get(tenantId);
      const key = keys.get(tenantKey(tenantId, keyHash));
      return { tenant: tenant && readBack(tenant), key: key && readBack(key) };
    },

    async noteAgentSeen(tenantId, agentId, at) {
      const agentKey = tenantKey(tenantId, agentId);
      const agent = tables.agents.get(agentKey);
      if (!agent) return undefined;
      const seen = { ...agent, lastSeenAt: at };
      tables.agents.set(agentKey, seen);
      return readBack(seen);
    },

    async touchAgentLastSeen(tenantId, agentId, at, notBefore) {
      const agentKey = tenantKey(tenantId, agentId);
      const agent = tables.agents.get(agentKey);
      if (!agent || (agent.lastSeenAt !== undefined && agent.lastSeenAt >= notBefore)) return;
      tables.agents.set(agentKey, { ...agent, lastSeenAt: at });
    },

    async applyAgentCountDeltas(tenantId, consumer, eventId, deltas) {
      const fields = Object.entries(deltas) as [keyof AgentCounts, number][];
      if (fields.length === 0) return true;
      // The adapter's marker expires after 7 days (TTL); here it is kept: redeliveries come within hours.
      const marker = `${tenantId}#${eventId}#${consumer}`;
      if (processedEvents.has(marker)) return false;
      processedEvents.add(marker);
      const current = counts.get(tenantId) ?? { active: 0, suspended: 0, decommissioned: 0 };
      counts.set(tenantId, { ...current, ...Object.fromEntries(fields.map(([name, delta]) => [name, current[name] + delta])) });
      return true;
    },

    async getAgentCounts(tenantId) {
      return { ...(counts.get(tenantId) ?? { active: 0, suspended: 0, decommissioned: 0 }) };
    },
  };
}
