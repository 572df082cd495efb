/**
 * MaturityStore in memory, with the DynamoDB adapter's observable behaviour
 * (shared/adapters/dynamodb/dynamodb-maturity-store.ts): one snapshot per tenant and week, newest
 * week first; the latest per tenant never goes back to an older week; the platform list in tenant id order.
 */
import type { MaturitySnapshot, MaturityStore } from '../../../shared/maturity/maturity-store';

export function createInMemoryMaturityStore(): MaturityStore {
  const weeks = new Map<string, Map<string, MaturitySnapshot>>();
  const latest = new Map<string, MaturitySnapshot>();
  return {
    async saveSnapshot(snapshot) {
      const series = weeks.get(snapshot.tenantId) ?? new Map<string, MaturitySnapshot>();
      series.set(snapshot.week, { ...snapshot });
      weeks.set(snapshot.tenantId, series);
      const current = latest.get(snapshot.tenantId);
      if (!current || current.week <= snapshot.week) latest.set(snapshot.tenantId, { ...snapshot });
    },
    listSnapshots: async (tenantId, limit) =>
      [...(weeks.get(tenantId)?.values() ?? [])].sort((a, b) => (a.week < b.week ? 1 : -1)).slice(0, limit),
    async latestWeeks(tenantIds) {
      const weeks = new Map<string, string>();
      for (const id of tenantIds) {
        const snapshot = latest.get(id);
        if (snapshot) weeks.set(id, snapshot.week);
      }
      return weeks;
    },
    async listLatest(page) {
      const items = [...latest.values()]
        .sort((a, b) => (a.tenantId < b.tenantId ? -1 : 1))
        .filter((snapshot) => page.after === undefined || snapshot.tenantId > page.after);
      return { items: items.slice(0, page.limit), more: items.length > page.limit };
    },
  };
}
