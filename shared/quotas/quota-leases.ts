/**
 * Strict quotas without a hot write per request: each process leases blocks of units from the
 * quota's counter (one conditional write per block) and spends them locally. The leased total
 * never exceeds the limit, so no more decisions than the limit are ever allowed, under any
 * concurrency, across any number of processes. Blocks shrink as the limit nears (a quarter of
 * what is left, 1 at the end), so little is stranded in idle processes; units stranded when a
 * process ends are counted as used (the error is on the safe side). docs/decisions/quotas.md.
 */
import type { Clock } from '../kernel/clock';
import { QuotaExceededError } from '../kernel/errors';
import { type QuotaInForce, quotaKey } from './quota';
import type { QuotaStore } from './quota-store';

export interface QuotaLeasesOptions {
  readonly store: QuotaStore;
  readonly clock: Clock;
  /** Largest block leased at once. */
  readonly maxBlock?: number;
  /** Called once per quota and period at the first refusal (to record Quota.Exceeded). */
  readonly onExceeded?: (tenantId: string, quota: QuotaInForce, used: number) => Promise<void>;
  /** Called after each lease that moved the counter, with its value before and after (to announce thresholds). */
  readonly onLeased?: (tenantId: string, quota: QuotaInForce, before: number, after: number) => Promise<void>;
}

interface Pool {
  /** Units leased and not yet spent by this process. */
  balance: number;
  /** The counter's value when last seen (leased by every process). */
  used: number;
  /** Serializes leasing for this quota in this process. */
  queue: Promise<unknown>;
}

export function createQuotaLeases(options: QuotaLeasesOptions) {
  const { store, clock } = options;
  const maxBlock = options.maxBlock ?? 100;
  const pools = new Map<string, Pool>();

  const poolOf = (tenantId: string, quota: QuotaInForce) => {
    const key = `${tenantId}/${quotaKey(quota)}`;
    let pool = pools.get(key);
    if (!pool) pools.set(key, (pool = { balance: 0, used: 0, queue: Promise.resolve() }));
    return pool;
  };

  /** Takes `units` from one quota's local balance, leasing more first if needed; false when the quota is spent. */
  function take(tenantId: string, quota: QuotaInForce, units: number): Promise<boolean> {
    const pool = poolOf(tenantId, quota);
    const run = pool.queue.then(async () => {
      while (pool.balance < units) {
        const remaining = quota.limit - pool.used;
        if (remaining <= 0) return false;
        const block = Math.min(remaining, Math.max(units - pool.balance, Math.min(maxBlock, Math.floor(remaining / 4))));
        const { granted, used } = await store.lease(tenantId, quota, block);
        // An announcement must never refuse or fail a decision.
        if (granted > 0) await options.onLeased?.(tenantId, quota, used - granted, used).catch(() => undefined);
        pool.used = used;
        pool.balance += granted;
        if (granted === 0) return false;
      }
      pool.balance -= units;
      return true;
    });
    pool.queue = run.catch(() => undefined);
    return run;
  }

  const giveBack = (tenantId: string, quota: QuotaInForce, units: number) => {
    poolOf(tenantId, quota).balance += units;
  };

  return {
    /**
     * Spends `units` of every quota in `quotas`, or none: throws QuotaExceededError naming the
     * first quota that cannot give them (scope, period, limit, used) with Retry-After seconds.
     */
    async spend(tenantId: string, quotas: readonly QuotaInForce[], units: number): Promise<void> {
      const taken: QuotaInForce[] = [];
      for (const quota of quotas) {
        if (await take(tenantId, quota, units)) {
          taken.push(quota);
          continue;
        }
        for (const done of taken) giveBack(tenantId, done, units);
        const used = Math.min(quota.limit, poolOf(tenantId, quota).used);
        await options.onExceeded?.(tenantId, quota, used).catch(() => undefined);
        const retryAfterSeconds = Math.max(1, Math.ceil((quota.endsAtMs - clock.nowMs()) / 1000));
        throw new QuotaExceededError(
          `The ${quota.scope} quota of ${quota.limit} decisions per ${quota.period} is used up`,
          retryAfterSeconds,
          [
            {
              path: 'quota',
              message: `${quota.scope} ${quota.subject}: ${used} of ${quota.limit} per ${quota.period}`,
              scope: quota.scope,
              subject: quota.subject,
              period: quota.period,
              limit: quota.limit,
              used,
            },
          ],
        );
      }
    },
  };
}
export type QuotaLeases = ReturnType<typeof createQuotaLeases>;
