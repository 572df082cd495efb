/**
 * Checks an agent's API key: finds its record under the tenant the key names, and refuses keys
 * that are unknown, revoked or expired, and keys of decommissioned agents. Results are cached per
 * key digest and tenant epoch, so with warm caches a check costs no database read within the
 * staleness window, and any revocation (which bumps the epoch) is seen once the window passes.
 *
 * A key whose checksum does not match is refused before any read. A well-formed key costs the same
 * reads whether or not its tenant exists (the tenant record and the key record), so neither the
 * answer nor its timing tells a caller which tenants exist.
 *
 * The first use of a key in an instance (a cold start, most often) reads the tenant and the key in
 * one request, and then the agent by the write that notes it seen: two requests instead of four.
 * The first two reads have no order, so what they found answers that request but is not trusted later: a
 * revocation landing between them could pair the key as it was with the epoch the revocation
 * raised, and the key would then pass until the tenant's next change. The key's next use reads it
 * again after the tenant, as every later re-read does, and only that entry is reused.
 */
import { LRUCache } from 'lru-cache';
import { upTo } from '../kernel/cache-bound';
import { apiKeyShape, hashApiKey, keyIdOf } from '../auth/api-key';
import type { AgentPrincipal } from '../auth/principal';
import { type Clock, isoAt } from '../kernel/clock';
import { UnauthenticatedError } from '../kernel/errors';
import type { Agent, ApiKeyRecord } from './agent';
import type { TenancyStore } from './tenancy-store';
import type { Tenant } from './tenant';
import type { TenantStateCache } from './tenant-state-cache';

export interface AgentKeyAuthenticatorOptions {
  readonly store: Pick<TenancyStore, 'getApiKey' | 'getAgent' | 'touchAgentLastSeen' | 'getTenantAndApiKey' | 'noteAgentSeen'>;
  readonly tenants: TenantStateCache;
  readonly clock: Clock;
  /** `lastSeenAt` is written at most once per agent per this many ms (per instance). */
  readonly lastSeenResolutionMs?: number;
  readonly maxKeys?: number;
}

/** An authenticated agent with the state a handler needs to refuse or serve it. */
export interface AgentIdentity {
  readonly principal: AgentPrincipal;
  readonly agent: Agent;
  readonly tenant: Tenant;
}

interface CachedKey {
  readonly epoch: number;
  readonly key: ApiKeyRecord | undefined;
  readonly agent: Agent | undefined;
  /** Read after the tenant record of `epoch`, so reusable within that epoch; false for a first use's concurrent reads. */
  readonly confirmed: boolean;
}

const refused = () => new UnauthenticatedError('Invalid API key', 'invalid_api_key');

/** Whether a key may be used at `nowMs`: it exists, is not revoked and has not expired. */
const usableKey = (key: ApiKeyRecord | undefined, nowMs: number): key is ApiKeyRecord =>
  key !== undefined && key.revokedAt === undefined && Date.parse(key.expiresAt) > nowMs;

/** An agent's id in the instance's record of when it last noted agents seen. */
const seenId = (tenantId: string, agentId: string) => `${tenantId}/${agentId}`;

/** The epoch under which lookups for a tenant that does not exist are cached (real epochs are ≥ 0). */
const NO_TENANT_EPOCH = -1;

export function createAgentKeyAuthenticator(options: AgentKeyAuthenticatorOptions) {
  const { store, tenants, clock } = options;
  const resolutionMs = options.lastSeenResolutionMs ?? 60_000;
  const keys = new LRUCache<string, CachedKey>(upTo(options.maxKeys ?? 50_000));
  const lastTouched = new LRUCache<string, number>(upTo(options.maxKeys ?? 50_000));

  /** The key and its agent as of `epoch`: the entry read after that epoch's tenant record, or a read now. */
  async function load(tenantId: string, keyHash: string, epoch: number): Promise<CachedKey> {
    const cached = keys.get(keyHash);
    if (cached && cached.confirmed && cached.epoch === epoch) return cached;
    const key = await store.getApiKey(tenantId, keyHash);
    const agent = key ? await store.getAgent(tenantId, key.agentId) : undefined;
    const entry = { epoch, key, agent, confirmed: true };
    keys.set(keyHash, entry);
    return entry;
  }

  /**
   * A key's first use here: the tenant and the key in one request, then, for a key that may be
   * used, the agent read by the very write that notes it seen. The tenant read is kept by the
   * tenant states as their own would be.
   */
  async function firstUse(tenantId: string, keyHash: string): Promise<{ tenant: Tenant | undefined; entry: CachedKey }> {
    const { tenant, key } = await store.getTenantAndApiKey(tenantId, keyHash);
    tenants.prime(tenantId, tenant);
    const nowMs = clock.nowMs();
    let agent: Agent | undefined;
    if (tenant !== undefined && usableKey(key, nowMs)) {
      lastTouched.set(seenId(tenantId, key.agentId), nowMs);
      agent = await store.noteAgentSeen(tenantId, key.agentId, isoAt(nowMs));
    }
    const entry = { epoch: tenant?.epoch ?? NO_TENANT_EPOCH, key, agent, confirmed: false };
    keys.set(keyHash, entry);
    return { tenant, entry };
  }

  /** Records that the agent was seen, at most once per resolution window; never fails the request. */
  async function noteSeen(agent: Agent, nowMs: number): Promise<void> {
    const id = seenId(agent.tenantId, agent.id);
    const previous = lastTouched.get(id) ?? (agent.lastSeenAt ? Date.parse(agent.lastSeenAt) : 0);
    if (nowMs - previous < resolutionMs) return;
    lastTouched.set(id, nowMs);
    await store.touchAgentLastSeen(agent.tenantId, agent.id, isoAt(nowMs), isoAt(nowMs - resolutionMs)).catch(() => undefined);
  }

  return {
    /** The identity behind `apiKey`; UnauthenticatedError when the key is not valid now. */
    async authenticate(apiKey: string): Promise<AgentIdentity> {
      const shape = apiKeyShape(apiKey);
      if (shape === undefined) throw refused();
      const { tenantId } = shape;
      const keyHash = hashApiKey(apiKey);
      let tenant: Tenant | undefined;
      let entry: CachedKey;
      if (keys.has(keyHash)) {
        tenant = await tenants.get(tenantId);
        // Looked up even when the tenant does not exist, so an unknown tenant costs what an unknown key does.
        entry = await load(tenantId, keyHash, tenant?.epoch ?? NO_TENANT_EPOCH);
      } else ({ tenant, entry } = await firstUse(tenantId, keyHash));
      const { key, agent } = entry;
      const nowMs = clock.nowMs();
      if (!tenant) throw refused();
      if (!usableKey(key, nowMs)) throw refused();
      if (!agent || agent.status === 'decommissioned') throw refused();
      await noteSeen(agent, nowMs);
      return { principal: { kind: 'agent', tenantId, agentId: agent.id, keyId: keyIdOf(keyHash) }, agent, tenant };
    },
  };
}

export type AgentKeyAuthenticator = ReturnType<typeof createAgentKeyAuthenticator>;
