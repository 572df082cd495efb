/**
 * The weekly maturity snapshots (schedule `maturity-snapshot`, hourly): every active tenant is
 * assessed once a UTC week (weeks begin on Monday) and the assessment kept as that week's
 * snapshot, so a tenant's progress shows as a series. Bounded like the hygiene sweep: a run
 * assesses at most MAX_TENANTS_PER_RUN tenants and keeps a cursor per week, so thousands of
 * tenants spread over the week's runs. Running twice in a week replaces the week's snapshot.
 */
import pLimit from 'p-limit';
import type { SweepCursor, SweepCursorStore } from '../hygiene/hygiene-sweep';
import type { Clock } from '../kernel/clock';
import type { TenancyStore } from '../tenancy/tenancy-store';
import { weekOf } from './maturity';

/** Tenants one run assesses at most (200 an hour: 33,600 a week). */
export const MAX_TENANTS_PER_RUN = 200;
const TENANTS_AT_ONCE = 4;
const PAGE = 100;
/** The cursor's name among the platform's sweep cursors. */
export const MATURITY_SWEEP = 'maturity';

export interface MaturitySnapshotsDeps {
  readonly tenancy: Pick<TenancyStore, 'listTenants'>;
  readonly cursors: SweepCursorStore;
  /** Assesses one tenant and keeps the snapshot (Maturity.snapshot). */
  readonly snapshot: (tenantId: string) => Promise<unknown>;
  readonly clock: Clock;
}

/** What a run did. */
export interface SnapshotRun {
  readonly week: string;
  readonly snapshots: number;
  /** Tenants whose assessment failed (assessed again next week). */
  readonly failed: readonly string[];
  /** True once every tenant has this week's snapshot. */
  readonly done: boolean;
}

export function createMaturitySnapshots(deps: MaturitySnapshotsDeps) {
  return {
    /** Assesses the next tenants of this week's round; nothing once all were assessed this week. */
    async run(): Promise<SnapshotRun> {
      const week = weekOf(deps.clock.nowMs());
      const stored = await deps.cursors.getSweepCursor(MATURITY_SWEEP);
      let cursor: SweepCursor = stored?.day === week ? stored : { day: week, done: false };
      const failed: string[] = [];
      let seen = 0;
      let snapshots = 0;
      const limit = pLimit(TENANTS_AT_ONCE);
      while (!cursor.done && seen < MAX_TENANTS_PER_RUN) {
        const page = await deps.tenancy.listTenants({
          limit: Math.min(PAGE, MAX_TENANTS_PER_RUN - seen),
          ...(cursor.after ? { after: cursor.after } : {}),
        });
        await Promise.all(
          page.items
            .filter((tenant) => tenant.status === 'active')
            .map((tenant) =>
              limit(async () => {
                try {
                  await deps.snapshot(tenant.id);
                  snapshots += 1;
                } catch {
                  failed.push(tenant.id);
                }
              }),
            ),
        );
        seen += page.items.length;
        const last = page.items[page.items.length - 1];
        cursor = { day: week, ...(last ? { after: last.id } : cursor.after ? { after: cursor.after } : {}), done: !page.more || !last };
        await deps.cursors.putSweepCursor(cursor, MATURITY_SWEEP);
      }
      return { week, snapshots, failed, done: cursor.done };
    },
  };
}

export type MaturitySnapshots = ReturnType<typeof createMaturitySnapshots>;
