/**
 * UsageStore and UsageMeterStore in memory, with the DynamoDB adapters' observable behaviour: the
 * counters of a tenant's month as the usage meter leaves them (readers sum what a month holds), and
 * per agent's day the last sequence counted per audit shard; an increment is added whole, with its
 * shards' sequences moved, or not at all. Tests may also add counters directly with `addUsage`.
 */
import type { UsageCounter, UsageStore } from '../../../shared/usage/usage';
import type { UsageItemKey, UsageMeterStore } from '../../../shared/usage/usage-meter';
import { type InMemoryTables, stored, tenantKey } from './in-memory-tables';

export function createInMemoryUsageStore(tables: InMemoryTables): UsageStore {
  return { listUsage: async (tenantId, month) => stored(tables.usage.get(tenantKey(tenantId, month)) ?? []) };
}

/** The meter's side: positions per agent's day, and counters added to the tables `listUsage` reads. */
export function createInMemoryUsageMeterStore(tables: InMemoryTables): UsageMeterStore {
  const positions = new Map<string, Map<number, string>>();
  const keyOf = (key: UsageItemKey) => tenantKey(key.tenantId, `${key.day}#${key.agentId}`);

  return {
    async add(increment) {
      const taken = positions.get(keyOf(increment)) ?? new Map<number, string>();
      const behind = increment.shards.some((range) => {
        const last = taken.get(range.shard);
        return last !== undefined && last >= range.first;
      });
      if (behind) return false;
      positions.set(keyOf(increment), taken);
      for (const range of increment.shards) taken.set(range.shard, range.last);
      const { tenantId, shards: _shards, records: _records, ...added } = increment;
      // One counter per agent's day, as the DynamoDB item is: the counts summed, the agent's latest team, role and environment.
      const key = tenantKey(tenantId, added.day.slice(0, 7));
      const counters = tables.usage.get(key) ?? [];
      const same = counters.find((counter) => counter.day === added.day && counter.agentId === added.agentId);
      const merged: UsageCounter = same
        ? {
            ...added,
            decisions: same.decisions + added.decisions,
            allowed: same.allowed + added.allowed,
            denied: same.denied + added.denied,
            approvalsRequired: same.approvalsRequired + added.approvalsRequired,
            batchRequests: same.batchRequests + added.batchRequests,
          }
        : added;
      tables.usage.set(key, [...counters.filter((counter) => counter !== same), stored(merged)]);
      return true;
    },
    sequences: async (key) => new Map(positions.get(keyOf(key))),
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
