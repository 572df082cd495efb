/**
 * Sealing the audit log's hours (schedule `audit-digests`, hourly): for each tenant, every hour
 * that ended at least SETTLE_MS ago and holds records gets a digest, chained to the tenant's last
 * one; empty hours get none (the next digest's span vouches for them). Nothing of this runs on the
 * decision path. An hour is sealed from the leaves the audit stream captured as its records were
 * written (shared/audit/leaf-capture.ts), checked against the table: a record the table holds but
 * the stream has not delivered yet holds the tenant's sealing back, for at most CAPTURE_GRACE_MS,
 * after which it is sealed from the table and counted as `uncaptured`; a captured record the table
 * no longer holds, or holds changed, is sealed as it was written, so verifying names it. Bounded:
 * a run seals at most MAX_DIGESTS_PER_TENANT hours of a tenant, looks at most MAX_STEPS_PER_TENANT
 * days ahead, reads at most MAX_RECORDS_PER_HOUR records of a tenant's hour, reads at most
 * MAX_PAGES pages of tenants and starts no tenant with less than TIME_RESERVE_MS left; the next run
 * resumes from each head.
 */
import pLimit from 'p-limit';
import { DECISION_LOG_MAX_DELAY_HOURS } from '../decisions/decision-logs';
import type { Clock } from '../kernel/clock';
import { ConflictError } from '../kernel/errors';
import type { TenancyStore } from '../tenancy/tenancy-store';
import { shardsOfDay } from './audit-shards';
import { HOUR, hourStartMs, type DigestPartition, type DigestPayload, type Leaf, positionOf, shardOfPosition } from './digest';
import type { DigestKeyRing } from './digest-keys';
import type { AuditHourReader, CapturedLeafStore, DigestArchive, DigestHead, DigestStore } from './digest-ports';
import { merkleRoot, recordHash, textHash } from './merkle';

/**
 * How long after an hour ends it is sealed: records decided at its last instant have landed by then,
 * including local decisions, which may be shipped up to DECISION_LOG_MAX_DELAY_HOURS late.
 */
export const SETTLE_MS = DECISION_LOG_MAX_DELAY_HOURS * HOUR + 5 * 60_000;
/**
 * How long past SETTLE_MS a record the stream has not delivered holds its hour back (the stream's
 * lag is seconds; this covers a consumer failing for hours). Past it, the hour is sealed with the
 * record's table form and the digest counts it in `uncaptured`.
 */
export const CAPTURE_GRACE_MS = 6 * HOUR;
export const MAX_DIGESTS_PER_TENANT = 48;
export const MAX_RECORDS_PER_HOUR = 100_000;
const MAX_PAGES = 1_000;
const PAGE = 100;
/** A run looks for records a day at a time, at most MAX_STEPS_PER_TENANT days of a tenant (8 queries a day). */
const STEP_MS = 24 * HOUR;
export const MAX_STEPS_PER_TENANT = 3;
const TENANTS_AT_ONCE = 4;
export const TIME_RESERVE_MS = 15_000;

export interface DigestSealingDeps {
  readonly tenancy: Pick<TenancyStore, 'listTenants'>;
  readonly store: DigestStore;
  readonly reader: AuditHourReader;
  readonly captured: CapturedLeafStore;
  readonly keys: Pick<DigestKeyRing, 'sign'>;
  readonly archive?: DigestArchive;
  readonly clock: Clock;
  /** How long after an hour ends it is sealed (default SETTLE_MS). */
  readonly settleMs?: number;
}

export interface SealingRun {
  readonly digests: number;
  readonly tenants: number;
  /** Tenants whose sealing failed (tried again the next run). */
  readonly failed: readonly { tenantId: string; error: string }[];
  /** Digests kept whose archive copy failed. */
  readonly unarchived: number;
  /** Tenants whose next hour waits for the audit stream to deliver records the table holds. */
  readonly waiting: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function createDigestSealing(deps: DigestSealingDeps) {
  /**
   * The partitions and leaves of a tenant's hour: its captured leaves, with the table's records
   * the stream has not delivered; undefined when it holds none, 'wait' when the stream is behind
   * and the grace has not run out.
   */
  async function hourDigest(tenantId: string, hourMs: number, nowMs: number) {
    const range = { from: iso(hourMs), to: iso(hourMs + HOUR) };
    const day = range.from.slice(0, 10);
    const captured = await deps.captured.leavesOf(tenantId, range.from, MAX_RECORDS_PER_HOUR);
    const byShard = new Map<number, Map<string, string>>();
    for (const [position, hash] of captured) {
      const shard = shardOfPosition(position);
      const leaves = byShard.get(shard) ?? new Map<string, string>();
      byShard.set(shard, leaves);
      leaves.set(position, hash);
    }
    const partitions: DigestPartition[] = [];
    const leaves: Record<string, Leaf[]> = {};
    let total = 0;
    let uncaptured = 0;
    for (const partition of shardsOfDay(tenantId, day)) {
      const records = await deps.reader.records(partition, range, MAX_RECORDS_PER_HOUR - total);
      const shardLeaves = byShard.get(partition.shard) ?? new Map<string, string>();
      for (const record of records) {
        const position = positionOf(record);
        if (shardLeaves.has(position)) continue;
        uncaptured += 1;
        shardLeaves.set(position, recordHash(record));
      }
      if (shardLeaves.size === 0) continue;
      total += shardLeaves.size;
      if (total > MAX_RECORDS_PER_HOUR)
        throw new RangeError(`More than ${MAX_RECORDS_PER_HOUR} records in ${tenantId}'s hour ${range.from}`);
      const sorted = [...shardLeaves].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      leaves[String(partition.shard)] = sorted;
      partitions.push({ shard: partition.shard, count: sorted.length, root: merkleRoot(sorted.map((leaf) => leaf[1])) });
    }
    if (uncaptured > 0 && nowMs < hourMs + HOUR + (deps.settleMs ?? SETTLE_MS) + CAPTURE_GRACE_MS) return 'wait';
    return total === 0 ? undefined : { range, partitions, leaves, total, uncaptured };
  }

  /** Seals a tenant's hours from its head up to `endMs`; how many digests it kept and failed to archive. */
  async function sealTenant(tenantId: string, createdAt: string, endMs: number, hasTime: () => boolean) {
    const stored = await deps.store.head(tenantId);
    let head: DigestHead = stored ?? {
      sequence: 0,
      lastHash: null,
      spanFrom: iso(hourStartMs(Date.parse(createdAt))),
      through: iso(hourStartMs(Date.parse(createdAt))),
    };
    let expected = stored;
    let digests = 0;
    let unarchived = 0;
    let waiting = false;
    let cursor = Date.parse(head.through);
    for (let steps = 0; cursor < endMs && digests < MAX_DIGESTS_PER_TENANT && steps < MAX_STEPS_PER_TENANT && hasTime(); steps++) {
      const stepEnd = Math.min(endMs, cursor + STEP_MS);
      const step = { from: iso(cursor), to: iso(stepEnd) };
      const firsts = await Promise.all([deps.reader.firstRecordAt(tenantId, step), deps.captured.firstHour(tenantId, step)]);
      const first = firsts.filter((at): at is string => at !== undefined).sort()[0];
      if (first === undefined) {
        cursor = stepEnd;
        continue;
      }
      const hourMs = hourStartMs(Date.parse(first));
      const sealed = await hourDigest(tenantId, hourMs, deps.clock.nowMs());
      if (sealed === 'wait') {
        cursor = hourMs;
        waiting = true;
        break;
      }
      cursor = hourMs + HOUR;
      if (!sealed) continue;
      const payload: DigestPayload = {
        v: 1,
        tenantId,
        sequence: head.sequence + 1,
        previous: head.lastHash,
        from: head.spanFrom,
        hour: sealed.range.from,
        to: sealed.range.to,
        partitions: sealed.partitions,
        records: sealed.total,
        ...(sealed.uncaptured > 0 ? { uncaptured: sealed.uncaptured } : {}),
        sealedAt: iso(deps.clock.nowMs()),
      };
      const jws = await deps.keys.sign(payload);
      const next: DigestHead = { sequence: payload.sequence, lastHash: textHash(jws), spanFrom: payload.to, through: payload.to };
      await deps.store.advance(tenantId, next, expected, { jws, leaves: sealed.leaves, sequence: payload.sequence, hour: payload.hour });
      head = next;
      expected = next;
      digests += 1;
      try {
        await deps.archive?.put(payload, { jws, leaves: sealed.leaves });
      } catch {
        unarchived += 1;
      }
    }
    if (iso(cursor) > head.through) {
      const next = { ...head, through: iso(cursor) };
      await deps.store.advance(tenantId, next, expected);
    }
    return { digests, unarchived, waiting };
  }

  return {
    /** Seals what is due of every tenant, up to the run's bounds. */
    async run(limits: { timeLeftMs?: () => number } = {}): Promise<SealingRun> {
      const endMs = hourStartMs(deps.clock.nowMs() - (deps.settleMs ?? SETTLE_MS));
      const hasTime = () => !limits.timeLeftMs || limits.timeLeftMs() >= TIME_RESERVE_MS;
      const failed: { tenantId: string; error: string }[] = [];
      let digests = 0;
      let unarchived = 0;
      let waiting = 0;
      let tenants = 0;
      let after: string | undefined;
      const limit = pLimit(TENANTS_AT_ONCE);
      for (let pages = 0; pages < MAX_PAGES && hasTime(); pages += 1) {
        const page = await deps.tenancy.listTenants({ limit: PAGE, ...(after ? { after } : {}) });
        await Promise.all(
          page.items.map((tenant) =>
            limit(async () => {
              if (!hasTime()) return;
              tenants += 1;
              try {
                const sealed = await sealTenant(tenant.id, tenant.createdAt, endMs, hasTime);
                digests += sealed.digests;
                unarchived += sealed.unarchived;
                if (sealed.waiting) waiting += 1;
              } catch (error) {
                // Another run moved the head first: it sealed these hours.
                if (!(error instanceof ConflictError)) failed.push({ tenantId: tenant.id, error: String(error) });
              }
            }),
          ),
        );
        const last = page.items[page.items.length - 1];
        if (!page.more || !last) break;
        after = last.id;
      }
      return { digests, tenants, failed, unarchived, waiting };
    },
  };
}
export type DigestSealing = ReturnType<typeof createDigestSealing>;
