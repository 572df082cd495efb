/**
 * A bounded cache of tenant records, re-read at most once per staleness window. The tenant
 * record holds the status and the epoch that every authorization-relevant change bumps, so this
 * one read per window is what keeps every other cache honest.
 */
import { LRUCache } from 'lru-cache';
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

interface Entry {
  readonly tenant: Tenant | undefined;
  readonly fetchedAtMs: number;
}

/** Tenants by id, fresh within the staleness bound. Concurrent misses share one read. */
export function createTenantStateCache(options: TenantStateCacheOptions) {
  const { store, clock, stalenessMs } = options;
  const entries = new LRUCache<string, Entry>({ max: options.maxTenants ?? 10_000 });
  const inFlight = new Map<string, Promise<Tenant | undefined>>();

  return {
    async get(tenantId: string): Promise<Tenant | undefined> {
      const cached = entries.get(tenantId);
      if (cached && stalenessMs > 0 && clock.nowMs() - cached.fetchedAtMs < stalenessMs) return cached.tenant;
      const pending = inFlight.get(tenantId);
      if (pending) return pending;
      const fetchedAtMs = clock.nowMs();
      const read = store
        .getTenant(tenantId, { consistent: stalenessMs === 0 })
        .then((tenant) => {
          entries.set(tenantId, { tenant, fetchedAtMs });
          return tenant;
        })
        .finally(() => inFlight.delete(tenantId));
      inFlight.set(tenantId, read);
      return read;
    },
  };
}

export type TenantStateCache = ReturnType<typeof createTenantStateCache>;
