/**
 * QuotaStore in memory, with the DynamoDB adapter's observable behaviour
 * (shared/adapters/dynamodb/dynamodb-quota-store.ts): leases never take a counter past its
 * limit (a lease larger than what is left gets what is left), and a quota's first refusal in a
 * period is recorded once, with its change record.
 */
import { type QuotaInForce, quotaKey } from '../../../shared/quotas/quota';
import type { ChangeRecord } from '../../../shared/audit/change-record';
import type { QuotaStore } from '../../../shared/quotas/quota-store';
import { auditAbsent, type InMemoryTables, putAudit, tenantKey } from './in-memory-tables';

export function createInMemoryQuotaStore(tables: InMemoryTables): QuotaStore {
  const used = new Map<string, number>();
  const exceeded = new Set<string>();
  const keyOf = (tenantId: string, quota: QuotaInForce) => tenantKey(tenantId, quotaKey(quota));

  const markOnce = (key: string, change: ChangeRecord) => {
    if (exceeded.has(key) || !auditAbsent(tables, [change])) return false;
    exceeded.add(key);
    putAudit(tables, change);
    return true;
  };

  return {
    async lease(tenantId, quota, units) {
      const key = keyOf(tenantId, quota);
      const before = used.get(key) ?? 0;
      const granted = Math.max(0, Math.min(units, quota.limit - before));
      if (granted === 0) return { granted: 0, used: before };
      used.set(key, before + granted);
      return { granted, used: before + granted };
    },

    markExceeded: async (tenantId, quota, change) => markOnce(`${keyOf(tenantId, quota)}#EXCEEDED`, change),
    markThreshold: async (tenantId, quota, threshold, change) => markOnce(`${keyOf(tenantId, quota)}#THRESHOLD#${threshold}`, change),
  };
}
