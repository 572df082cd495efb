/**
 * UsageStore and UsageMeterStore in memory: the counters of a tenant's month, as the usage meter
 * leaves them (one or more per agent and day: readers sum them), and the meter's checkpoint per
 * audit partition, moved with the counters it adds to or not at all. Tests may also add counters
 * directly with `addUsage`.
 */
import type { AuditPartition } from '../../../shared/audit/audit-shards';
import type { UsageCounter, UsageStore } from '../../../shared/usage/usage';
import type { UsageMeterStore } from '../../../shared/usage/usage-meter';
import { type InMemoryTables, stored, tenantKey } from './in-memory-tables';

export function createInMemoryUsageStore(tables: InMemoryTables): UsageStore {
  return { listUsage: async (tenantId, month) => stored(tables.usage.get(tenantKey(tenantId, month)) ?? []) };
}

/** The meter's side: checkpoints per partition, and counters added to the tables `listUsage` reads. */
export function createInMemoryUsageMeterStore(tables: InMemoryTables): UsageMeterStore {
  const checkpoints = new Map<string, string>();
  const keyOf = (partition: AuditPartition) => tenantKey(partition.tenantId, `${partition.day}#${partition.shard}`);

  return {
    checkpoint: async (partition) => checkpoints.get(keyOf(partition)),

    async apply(partition, expected, next, increments) {
      const key = keyOf(partition);
      if (checkpoints.get(key) !== expected) return false;
      checkpoints.set(key, next);
      for (const increment of increments) addUsage(tables, partition.tenantId, { ...increment, day: partition.day });
      return true;
    },
  };
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
