/**
 * `quota_threshold`: a `Quota.Threshold` event once per quota, period and share (80 % and 95 % by
 * default: the tenant's monitoring settings), when the quota's counter passes it. Counters move by
 * leased blocks (shared/quotas/quota-leases.ts), so a threshold is announced when that much is
 * leased: at most one block (a quarter of what is left, 100 at most) before the decisions
 * themselves reach it. Only a lease that crosses a threshold costs a write; the settings are read
 * at most once a minute per tenant and process.
 */
import { LRUCache } from 'lru-cache';
import { upTo } from '../kernel/cache-bound';
import { type Clock, isoAt } from '../kernel/clock';
import type { IdGenerator } from '../kernel/ids';
import { type QuotaInForce, quotaThresholdChange } from '../quotas/quota';
import type { QuotaStore } from '../quotas/quota-store';
import type { MonitoringSettings } from './monitoring-settings';

const SETTINGS_TTL_MS = 60_000;

/** The shares of `limit` a counter passed going from `before` to `after`. */
export const thresholdsPassed = (thresholds: readonly number[], limit: number, before: number, after: number): number[] =>
  thresholds.filter((share) => before < share * limit && share * limit <= after);

export function createQuotaThresholds(deps: {
  store: Pick<QuotaStore, 'markThreshold'>;
  settings: (tenantId: string) => Promise<MonitoringSettings>;
  clock: Clock;
  ids: IdGenerator;
}) {
  const settings = new LRUCache<string, MonitoringSettings>({
    ...upTo(10_000),
    ttl: SETTINGS_TTL_MS,
    fetchMethod: (tenantId) => deps.settings(tenantId),
  });
  return {
    /** Announces the thresholds a lease passed (QuotaLeasesOptions.onLeased). */
    async onLeased(tenantId: string, quota: QuotaInForce, before: number, after: number): Promise<void> {
      const detector = (await settings.fetch(tenantId))?.detectors.quota_threshold;
      if (!detector?.enabled) return;
      for (const threshold of thresholdsPassed(detector.thresholds, quota.limit, before, after)) {
        const change = quotaThresholdChange({
          id: deps.ids.next('aud'),
          at: isoAt(deps.clock.nowMs()),
          tenantId,
          quota,
          used: after,
          threshold,
        });
        await deps.store.markThreshold(tenantId, quota, threshold, change);
      }
    },
  };
}
