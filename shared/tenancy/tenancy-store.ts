/**
 * The storage port of the tenancy area. The DynamoDB adapter (shared/adapters/dynamodb) implements
 * it; every method takes the tenant first and can only reach that tenant's items.
 */
import type { ChangeRecord } from '../audit/change-record';
import type { StorePage } from '../kernel/page';
import type { Agent, ApiKeyRecord } from './agent';
import type { AgentRole, Team } from './team';
import type { AgentCounts } from './tenant-stats';
import type { Tenant } from './tenant';

/** Key records to write along with an agent change. */
export interface KeyWrites {
  readonly put?: readonly ApiKeyRecord[];
}

export interface TenancyStore {
  /** Creates a tenant; ConflictError (`tenant_exists`) when the id is taken. */
  createTenant(tenant: Tenant, change: ChangeRecord): Promise<void>;
  getTenant(tenantId: string, options?: { consistent?: boolean }): Promise<Tenant | undefined>;
  listTenants(page: { limit: number; after?: string }): Promise<StorePage<Tenant>>;
  /** Replaces a tenant if its stored version is `expectedVersion`; ConflictError otherwise. */
  updateTenant(next: Tenant, expectedVersion: number, change: ChangeRecord): Promise<void>;

  /** Creates a team; ConflictError (`team_exists`) when the name is taken. */
  createTeam(team: Team, change: ChangeRecord): Promise<void>;
  getTeam(tenantId: string, name: string): Promise<Team | undefined>;
  listTeams(tenantId: string, page: { limit: number; after?: string }): Promise<StorePage<Team>>;
  /**
   * Replaces a team if its stored version is `expectedVersion` and bumps the tenant's epoch (its
   * quotas are cached by epoch); ConflictError otherwise.
   */
  updateTeam(next: Team, expectedVersion: number, change: ChangeRecord): Promise<void>;

  /** Creates (expectedVersion undefined) or replaces a role. */
  putRole(role: AgentRole, expectedVersion: number | undefined, change: ChangeRecord): Promise<void>;
  getRole(tenantId: string, name: string): Promise<AgentRole | undefined>;
  listRoles(tenantId: string, page: { limit: number; after?: string }): Promise<StorePage<AgentRole>>;

  /** Creates an agent with its first key. */
  createAgent(agent: Agent, key: ApiKeyRecord, change: ChangeRecord): Promise<void>;
  getAgent(tenantId: string, agentId: string): Promise<Agent | undefined>;
  listAgents(tenantId: string, page: { limit: number; after?: string }): Promise<StorePage<Agent>>;
  /**
   * Replaces an agent if its stored version is `expectedVersion`, writes key records, and bumps the
   * tenant's epoch (so caches of authorization state notice) — all in one transaction.
   */
  saveAgent(next: Agent, expectedVersion: number, change: ChangeRecord, keys?: KeyWrites): Promise<void>;

  getApiKey(tenantId: string, keyHash: string): Promise<ApiKeyRecord | undefined>;
  /**
   * The tenant and one of its keys, read together in one request (as `getTenant` reads: eventually
   * consistent) and in no particular order between them: a key's first use, where one round trip
   * and one request matter more than their order (agent-key-authenticator.ts).
   */
  getTenantAndApiKey(tenantId: string, keyHash: string): Promise<{ tenant: Tenant | undefined; key: ApiKeyRecord | undefined }>;
  /** Sets `lastSeenAt` unless it is already at or after `notBefore` (cheap, conditional, no version bump). */
  touchAgentLastSeen(tenantId: string, agentId: string, at: string, notBefore: string): Promise<void>;
  /**
   * Sets `lastSeenAt` to `at` (no version bump) and gives the agent as stored after it: the read and
   * the note of a key's first use in one request. Undefined, and nothing written, when there is no such agent.
   */
  noteAgentSeen(tenantId: string, agentId: string, at: string): Promise<Agent | undefined>;

  /** Applies count deltas once per (consumer, eventId); false when that event was applied before. */
  applyAgentCountDeltas(tenantId: string, consumer: string, eventId: string, deltas: Partial<AgentCounts>): Promise<boolean>;
  getAgentCounts(tenantId: string): Promise<AgentCounts>;
}
