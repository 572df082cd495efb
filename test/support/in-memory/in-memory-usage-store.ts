/**
 * UsageStore in memory: the counters of a tenant's month, as the usage meter leaves them (one or
 * more per agent and day: readers sum them). Tests add counters with `addUsage`.
 */
import type { UsageCounter, UsageStore } from '../../../shared/usage/usage';
import { type InMemoryTables, stored, tenantKey } from './in-memory-tables';

export function createInMemoryUsageStore(tables: InMemoryTables): UsageStore {
  return { listUsage: async (tenantId, month) => stored(tables.usage.get(tenantKey(tenantId, month)) ?? []) };
}

/** Adds a counter to a tenant's month (the month of its day). */
export function addUsage(
  tables: InMemoryTables,
  tenantId: string,
  counter: Omit<UsageCounter, 'allowed' | 'denied' | 'approvalsRequired' | 'batchRequests'> & Partial<UsageCounter>,
): void {
  const key = tenantKey(tenantId, counter.day.slice(0, 7));
  const full: UsageCounter = { allowed: counter.decisions, denied: 0, approvalsRequired: 0, batchRequests: 0, ...counter };
  tables.usage.set(key, [...(tables.usage.get(key) ?? []), stored(full)]);
}
