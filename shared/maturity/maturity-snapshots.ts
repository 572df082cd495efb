/**
 * The weekly maturity snapshots (schedule `maturity-snapshot`, hourly): every active tenant is
 * assessed once a UTC week (weeks begin on Monday) and the assessment kept as that week's
 * snapshot, so a tenant's progress shows as a series. Each run walks the tenants in id order and
 * assesses those whose latest snapshot is older than this week's: a tenant onboarded mid-week gets
 * its snapshot within the hour, one whose assessment failed is tried again the next hour. Bounded: a
 * run assesses at most MAX_SNAPSHOTS_PER_RUN tenants, reads at most MAX_PAGES_PER_RUN pages of
 * tenants and starts no assessment once less than TIME_RESERVE_MS of the function's time is left;
 * the next run picks up whoever is still due.
 */
import pLimit from 'p-limit';
import type { Clock } from '../kernel/clock';
import type { TenancyStore } from '../tenancy/tenancy-store';
import { weekOf } from './maturity';
import type { MaturityStore } from './maturity-store';

/** Tenants one run assesses at most (200 an hour: 33,600 a week). */
export const MAX_SNAPSHOTS_PER_RUN = 200;
/** Pages of 100 tenants one run reads at most (100,000 tenants). */
export const MAX_PAGES_PER_RUN = 1_000;
/** Time a run keeps in hand: no assessment starts with less left (one takes well under a second). */
export const TIME_RESERVE_MS = 15_000;
const TENANTS_AT_ONCE = 4;
const PAGE = 100;

export interface MaturitySnapshotsDeps {
  readonly tenancy: Pick<TenancyStore, 'listTenants'>;
  readonly store: Pick<MaturityStore, 'latestWeeks'>;
  /** Assesses one tenant and keeps the snapshot (Maturity.snapshot). */
  readonly snapshot: (tenantId: string) => Promise<unknown>;
  readonly clock: Clock;
}

/** What a run did. */
export interface SnapshotRun {
  readonly week: string;
  readonly snapshots: number;
  /** Tenants whose assessment failed (tried again the next run). */
  readonly failed: readonly string[];
  /** True when every active tenant seen has this week's snapshot (or failed this run). */
  readonly done: boolean;
}

/** What bounds a run besides its counts: the time its function has left (Lambda's context). */
export interface SnapshotRunLimits {
  readonly timeLeftMs?: () => number;
}

/**
 * Whether a tenant whose latest snapshot is of `latest` needs one for `week`. A snapshot of a
 * later week (only when time went back, as in tests that move the clock) counts as done, so it is
 * not assessed again every hour.
 */
const isDue = (latest: string | undefined, week: string) => latest === undefined || latest < week;

export function createMaturitySnapshots(deps: MaturitySnapshotsDeps) {
  return {
    /** Assesses the tenants without this week's snapshot, up to the run's bound. */
    async run(limits: SnapshotRunLimits = {}): Promise<SnapshotRun> {
      const week = weekOf(deps.clock.nowMs());
      const failed: string[] = [];
      let snapshots = 0;
      let outOfTime = false;
      const hasTime = () => !limits.timeLeftMs || limits.timeLeftMs() >= TIME_RESERVE_MS;
      let after: string | undefined;
      const limit = pLimit(TENANTS_AT_ONCE);
      for (let pages = 0; pages < MAX_PAGES_PER_RUN; pages += 1) {
        const page = await deps.tenancy.listTenants({ limit: PAGE, ...(after ? { after } : {}) });
        const active = page.items.filter((tenant) => tenant.status === 'active').map((tenant) => tenant.id);
        const weeks = active.length > 0 ? await deps.store.latestWeeks(active) : new Map<string, string>();
        const room = MAX_SNAPSHOTS_PER_RUN - snapshots - failed.length;
        const due = active.filter((tenantId) => isDue(weeks.get(tenantId), week));
        await Promise.all(
          due.slice(0, room).map((tenantId) =>
            limit(async () => {
              if (outOfTime || !hasTime()) {
                outOfTime = true;
                return;
              }
              try {
                await deps.snapshot(tenantId);
                snapshots += 1;
              } catch {
                failed.push(tenantId);
              }
            }),
          ),
        );
        const last = page.items[page.items.length - 1];
        if (outOfTime || due.length > room) return { week, snapshots, failed, done: false };
        if (!page.more || !last) return { week, snapshots, failed, done: true };
        after = last.id;
      }
      return { week, snapshots, failed, done: false };
    },
  };
}

export type MaturitySnapshots = ReturnType<typeof createMaturitySnapshots>;
