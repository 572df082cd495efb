/**
 * Storage of quota counters: leasing units (a conditional increment that never lets the leased
 * total pass the limit) and marking a quota exceeded once per period.
 */
import type { ChangeRecord } from '../audit/change-record';
import type { QuotaInForce } from './quota';

export interface QuotaStore {
  /**
   * Leases up to `units` of `quota`: the counter of leased units rises by what is granted and
   * never above the limit. Returns the units granted (0 when none are left) and the units used
   * (leased) after the grant.
   */
  lease(tenantId: string, quota: QuotaInForce, units: number): Promise<{ granted: number; used: number }>;
  /** Records the first refusal of a quota in its period (true) with its change record; false if already recorded. */
  markExceeded(tenantId: string, quota: QuotaInForce, change: ChangeRecord): Promise<boolean>;
  /** Records that a quota passed `threshold` (a share, e.g. 0.8) in its period, once (true), with its change record. */
  markThreshold(tenantId: string, quota: QuotaInForce, threshold: number, change: ChangeRecord): Promise<boolean>;
}
