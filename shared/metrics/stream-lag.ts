/**
 * How far the audit stream's consumers are behind, without a write per record: each consumer
 * process notes, at most every STREAM_TAKE_INTERVAL_MS, a small status item ("stream take") saying
 * when it last took a batch, the oldest and newest record times of what it took since its last
 * note, and so the age of the oldest record then. The platform view reads these notes
 * (`streamLagOf`). See docs/decisions/metrics.md, "The platform view".
 */
import * as z from 'zod';
import { isoAt } from '../kernel/clock';

/** One consumer process's note of the batches it took. */
export const StreamTakeSchema = z.object({
  /** The consumer (`usage meter`, `metrics rollup`). */
  consumer: z.string().min(1).max(100),
  /** The process that took them (one Lambda instance, or the local runtime). */
  instance: z.string().min(1).max(100),
  /** When it last took a batch (ISO). */
  takenAt: z.string().datetime(),
  /** Oldest and newest write times of the records taken since its previous note. */
  oldestRecordAt: z.string().datetime(),
  newestRecordAt: z.string().datetime(),
  /** Largest age of a record when its batch was taken, since the previous note (ms). */
  oldestAgeMs: z.number().int().nonnegative(),
});
export type StreamTake = z.infer<typeof StreamTakeSchema>;

/** Where the notes are kept (one per consumer and process, replaced by its next note). */
export interface StreamTakeStore {
  recordStreamTake(take: StreamTake): Promise<void>;
  /** Every note kept (notes expire a day after they were written). */
  listStreamTakes(): Promise<StreamTake[]>;
}

/** A process notes its takes at most this often. */
export const STREAM_TAKE_INTERVAL_MS = 5_000;

/** A note older than this says its consumer took nothing lately. */
export const RECENT_TAKE_MS = 60_000;

/**
 * The note keeper of one consumer process: `taken` is called with the times its batch's records
 * were written (epoch ms: the audit items' own `at`) when the batch is taken, before it is
 * applied, so a batch retried again and again keeps saying how old it is. Writes at most once per
 * STREAM_TAKE_INTERVAL_MS; what came between is folded into the next note. A failed write is
 * reported to `onError` and never fails the batch.
 */
export function createStreamTakeRecorder(deps: {
  store: Pick<StreamTakeStore, 'recordStreamTake'>;
  consumer: string;
  instance: string;
  nowMs: () => number;
  onError?: (error: unknown) => void;
  intervalMs?: number;
}) {
  const interval = deps.intervalMs ?? STREAM_TAKE_INTERVAL_MS;
  let lastWriteMs = Number.NEGATIVE_INFINITY;
  let pending: { oldestMs: number; newestMs: number; oldestAgeMs: number } | undefined;
  return {
    async taken(writtenMs: readonly number[]): Promise<void> {
      if (writtenMs.length === 0) return;
      const now = deps.nowMs();
      const oldestMs = Math.min(...writtenMs);
      const newestMs = Math.max(...writtenMs);
      const ageMs = Math.max(0, now - oldestMs);
      pending = {
        oldestMs: Math.min(pending?.oldestMs ?? oldestMs, oldestMs),
        newestMs: Math.max(pending?.newestMs ?? newestMs, newestMs),
        oldestAgeMs: Math.max(pending?.oldestAgeMs ?? 0, ageMs),
      };
      if (now - lastWriteMs < interval) return;
      const take: StreamTake = {
        consumer: deps.consumer,
        instance: deps.instance,
        takenAt: isoAt(now),
        oldestRecordAt: isoAt(pending.oldestMs),
        newestRecordAt: isoAt(pending.newestMs),
        oldestAgeMs: Math.round(pending.oldestAgeMs),
      };
      lastWriteMs = now;
      pending = undefined;
      try {
        await deps.store.recordStreamTake(take);
      } catch (error) {
        deps.onError?.(error);
      }
    },
  };
}

/**
 * The age, in whole seconds, of the oldest audit-stream record not yet processed, as the notes
 * tell it: the largest age a consumer noted within RECENT_TAKE_MS; and for a consumer whose last
 * note is older while another consumer of the stream took records newer than any it took (so
 * records wait for it), the time since its last take (an upper bound when the stream was quiet
 * before those records came). 0 without notes. A note dated more than RECENT_TAKE_MS after
 * `nowMs` was written by a clock that ran ahead (the local runtime's test clock, moved by hours and
 * back) and says nothing about now: it is passed over.
 */
export function streamLagOf(takes: readonly StreamTake[], nowMs: number): number {
  const byConsumer = new Map<string, { takenMs: number; newestMs: number; recentAgeMs: number }>();
  for (const take of takes) {
    const takenMs = Date.parse(take.takenAt);
    if (takenMs - nowMs > RECENT_TAKE_MS) continue;
    const current = byConsumer.get(take.consumer) ?? { takenMs: 0, newestMs: 0, recentAgeMs: 0 };
    byConsumer.set(take.consumer, {
      takenMs: Math.max(current.takenMs, takenMs),
      newestMs: Math.max(current.newestMs, Date.parse(take.newestRecordAt)),
      recentAgeMs: nowMs - takenMs <= RECENT_TAKE_MS ? Math.max(current.recentAgeMs, take.oldestAgeMs) : current.recentAgeMs,
    });
  }
  const newestTaken = Math.max(0, ...[...byConsumer.values()].map((consumer) => consumer.newestMs));
  let lagMs = 0;
  for (const consumer of byConsumer.values()) {
    lagMs = Math.max(lagMs, consumer.recentAgeMs);
    const quiet = nowMs - consumer.takenMs > RECENT_TAKE_MS;
    // Another consumer took records newer than this one's newest (beyond what two unwritten notes could hide): they wait for it.
    const behind = newestTaken - consumer.newestMs > 2 * STREAM_TAKE_INTERVAL_MS;
    if (quiet && behind) lagMs = Math.max(lagMs, nowMs - consumer.takenMs);
  }
  return Math.round(lagMs / 1000);
}
