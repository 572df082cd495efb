/**
 * Where the decision path gets what it decides with, cached so that with warm caches a decision
 * reads nothing from the database: agents by (agent, tenant epoch), the org epoch within the
 * staleness bound, the active documents of a tenant and the org by (tenant epoch, org epoch), and
 * pinned versions (immutable) by number, grants by (agent, tenant epoch). The tenant record itself comes from the TenantStateCache,
 * so a change is seen at most `stalenessMs` after it is made.
 */
import { LRUCache } from 'lru-cache';
import { upTo } from '../kernel/cache-bound';
import type { Clock } from '../kernel/clock';
import type { ActivePolicies } from '../policy-lifecycle/policy-set';
import type { PolicyStore } from '../policy-lifecycle/policy-store';
import { ORG_OWNER, type PolicyVersion, tenantOwner } from '../policy-lifecycle/policy-version';
import type { Grant } from '../policy/decide';
import type { Agent } from '../tenancy/agent';
import type { AgentRole, Team } from '../tenancy/team';
import type { TenancyStore } from '../tenancy/tenancy-store';

export interface PolicySourceOptions {
  readonly tenancy: Pick<TenancyStore, 'getAgent' | 'getTeam' | 'getRole'>;
  readonly policies: Pick<PolicyStore, 'listHeads' | 'getOrgEpoch' | 'getVersion'>;
  /** The agent's unrevoked grants (expiry is checked by each decision). */
  readonly grants: { grantsOf(tenantId: string, agentId: string): Promise<readonly Grant[]> };
  readonly clock: Clock;
  readonly stalenessMs: number;
  readonly maxEntries?: number;
}

/** Caches one value per key; concurrent misses share one load (lru-cache's fetch). A hit answers without a promise. */
function loader<V extends object>(max: number) {
  const cache = new LRUCache<string, V, () => Promise<V>>({ ...upTo(max), fetchMethod: (_key, _stale, { context }) => context() });
  return (key: string, load: () => Promise<V>): Promise<V> | V => cache.get(key) ?? (cache.fetch(key, { context: load }) as Promise<V>);
}

export function createPolicySource(options: PolicySourceOptions) {
  const { tenancy, policies, clock, stalenessMs } = options;
  const max = options.maxEntries ?? 10_000;
  const agents = loader<{ agent: Agent | undefined }>(max * 10);
  const teams = loader<{ team: Team | undefined }>(max);
  const roles = loader<{ role: AgentRole | undefined }>(max);
  const actives = loader<ActivePolicies>(max);
  const versions = loader<{ version: PolicyVersion | undefined }>(max);
  const grantLists = loader<{ grants: readonly Grant[] }>(max * 10);
  let orgEpoch: { value: number; fetchedAtMs: number } | undefined;

  return {
    /** The agent as of `epoch` (any agent change bumps the tenant epoch). */
    async agent(tenantId: string, agentId: string, epoch: number): Promise<Agent | undefined> {
      return (await agents(`${tenantId}/${agentId}@${epoch}`, async () => ({ agent: await tenancy.getAgent(tenantId, agentId) }))).agent;
    },

    /** The agent's grants as of `epoch` (issuing and revoking a grant bump the tenant epoch). */
    async grants(tenantId: string, agentId: string, epoch: number): Promise<readonly Grant[]> {
      return (
        await grantLists(`${tenantId}/${agentId}@${epoch}`, async () => ({ grants: await options.grants.grantsOf(tenantId, agentId) }))
      ).grants;
    },

    /** The agent's grants as stored now, bypassing the cache (a grant issued within the staleness window). */
    grantsNow: (tenantId: string, agentId: string): Promise<readonly Grant[]> => options.grants.grantsOf(tenantId, agentId),

    /** A team (its quotas), as of `epoch`. */
    async team(tenantId: string, name: string, epoch: number): Promise<Team | undefined> {
      return (await teams(`${tenantId}/${name}@${epoch}`, async () => ({ team: await tenancy.getTeam(tenantId, name) }))).team;
    },

    /** A role (its default quotas), as of `epoch`. */
    async role(tenantId: string, name: string, epoch: number): Promise<AgentRole | undefined> {
      return (await roles(`${tenantId}/${name}@${epoch}`, async () => ({ role: await tenancy.getRole(tenantId, name) }))).role;
    },

    /** The org's policy epoch, re-read at most once per staleness window. */
    async orgEpoch(): Promise<number> {
      if (orgEpoch && stalenessMs > 0 && clock.nowMs() - orgEpoch.fetchedAtMs < stalenessMs) return orgEpoch.value;
      const fetchedAtMs = clock.nowMs();
      orgEpoch = { value: await policies.getOrgEpoch(), fetchedAtMs };
      return orgEpoch.value;
    },

    /** The active documents of the org and of a tenant, as of both epochs. */
    active(tenantId: string, tenantEpoch: number, orgEpochValue: number): Promise<ActivePolicies> | ActivePolicies {
      return actives(`${tenantId}@${tenantEpoch}/${orgEpochValue}`, async () => {
        const [org, tenant] = await Promise.all([policies.listHeads(ORG_OWNER), policies.listHeads(tenantOwner(tenantId))]);
        return { ...(org[0] ? { org: org[0] } : {}), tenant: new Map(tenant.map((head) => [head.scope, head])) };
      });
    },

    /** One version of a scope (for pins); versions never change, only their status. */
    async version(tenantId: string, scope: string, number: number, epoch: number): Promise<PolicyVersion | undefined> {
      const owner = scope === 'org' ? ORG_OWNER : tenantOwner(tenantId);
      return (
        await versions(`${tenantId}/${scope}@${number}/${epoch}`, async () => ({
          version: await policies.getVersion(owner, scope, number),
        }))
      ).version;
    },
  };
}
export type PolicySource = ReturnType<typeof createPolicySource>;
