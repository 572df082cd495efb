/**
 * A bounded cache of tenant records, re-read at most once per staleness window. The tenant
 * record holds the status and the epoch that every authorization-relevant change bumps, so this
 * one read per window is what keeps every other cache honest.
 */
import { LRUCache } from 'lru-cache';
import { upTo } from '../kernel/cache-bound';
import type { Clock } from '../kernel/clock';
import type { TenancyStore } from './tenancy-store';
import type { Tenant } from './tenant';

export interface TenantStateCacheOptions {
  readonly store: Pick<TenancyStore, 'getTenant'>;
  readonly clock: Clock;
  /** How old a cached tenant may be; 0 reads (strongly consistent) every time. */
  readonly stalenessMs: number;
  readonly maxTenants?: number;
}

/** Tenants by id, fresh within the staleness bound (lru-cache's TTL, on the given clock). Concurrent misses share one read. */
export function createTenantStateCache(options: TenantStateCacheOptions) {
  const { store, clock, stalenessMs } = options;
  // No staleness allowed: every call reads, strongly consistent.
  if (stalenessMs === 0)
    return {
      get: (tenantId: string): Promise<Tenant | undefined> => store.getTenant(tenantId, { consistent: true }),
      prime: (_tenantId: string, _tenant: Tenant | undefined): void => undefined,
    };
  const entries = new LRUCache<string, { readonly tenant: Tenant | undefined }>({
    ...upTo(options.maxTenants ?? 10_000),
    ttl: stalenessMs,
    perf: { now: () => clock.nowMs() },
    // Ask the clock every time (lru-cache would otherwise reuse a reading for 1 ms of real time).
    ttlResolution: 0,
    fetchMethod: async (tenantId) => ({ tenant: await store.getTenant(tenantId, { consistent: false }) }),
  });
  return {
    async get(tenantId: string): Promise<Tenant | undefined> {
      return (await entries.fetch(tenantId))?.tenant;
    },
    /** Keeps a tenant read elsewhere (as this cache reads it: eventually consistent), as if this cache had read it now. */
    prime(tenantId: string, tenant: Tenant | undefined): void {
      entries.set(tenantId, { tenant });
    },
  };
}

export type TenantStateCache = ReturnType<typeof createTenantStateCache>;
