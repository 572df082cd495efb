/**
 * The API's error rate without a write per request: each function process counts its answers and
 * its 5xx answers per hour in memory and adds them to the hour's platform counters at most once a
 * minute, and at once after a 5xx (rare, and the figure that matters), in the background. A process
 * that is reclaimed loses at most its last minute's counts. See docs/decisions/metrics.md,
 * "The platform view".
 */
import * as z from 'zod';
import { bucketOf } from './metric-rollup';
import { isoAt } from '../kernel/clock';

/** Answers and 5xx answers of one hour (`2026-12-06T10`). */
export const ApiAnswerCountsSchema = z.object({
  hour: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}$/),
  answers: z.number().int().nonnegative(),
  serverErrors: z.number().int().nonnegative(),
});
export type ApiAnswerCounts = z.infer<typeof ApiAnswerCountsSchema>;

/** Where the hourly counters are kept. */
export interface ApiAnswerStore {
  /** Adds to the hour's counters (atomically, from any number of processes). */
  addApiAnswers(counts: ApiAnswerCounts): Promise<void>;
  /** The counters of the hours from `fromHour` to `toHour` (inclusive) that have any, in hour order. */
  listApiAnswers(fromHour: string, toHour: string): Promise<ApiAnswerCounts[]>;
}

/** A process adds its counts at most this often (and at once after a 5xx). */
export const API_ANSWERS_FLUSH_MS = 60_000;

/** The hour an answer counts in. */
export const answerHourOf = (ms: number): string => bucketOf(isoAt(ms), 'hour');

/**
 * One process's counter: `answered(status)` after every answer of an API route. It never waits for
 * the store: a flush runs in the background (one at a time), so an answer is never slower for it,
 * even while the store hangs; counts a flush could not add go back into the next one.
 */
export function createApiAnswerCounter(deps: {
  store: Pick<ApiAnswerStore, 'addApiAnswers'>;
  nowMs: () => number;
  onError?: (error: unknown) => void;
  flushEveryMs?: number;
}) {
  const flushEvery = deps.flushEveryMs ?? API_ANSWERS_FLUSH_MS;
  const pending = new Map<string, { answers: number; serverErrors: number }>();
  let lastFlushMs = Number.NEGATIVE_INFINITY;
  let inFlight: Promise<void> | undefined;

  const count = (hour: string, answers: number, serverErrors: number) => {
    const current = pending.get(hour) ?? { answers: 0, serverErrors: 0 };
    pending.set(hour, { answers: current.answers + answers, serverErrors: current.serverErrors + serverErrors });
  };
  const errorsPending = () => [...pending.values()].some((counted) => counted.serverErrors > 0);

  function flush(now: number) {
    lastFlushMs = now;
    const counts = [...pending.entries()].map(([hour, counted]) => ({ hour, ...counted }));
    pending.clear();
    inFlight = Promise.all(
      counts.map(async (counted) => {
        try {
          await deps.store.addApiAnswers(counted);
        } catch (error) {
          count(counted.hour, counted.answers, counted.serverErrors);
          deps.onError?.(error);
        }
      }),
    ).then(() => {
      inFlight = undefined;
    });
  }

  return {
    answered(status: number): void {
      const now = deps.nowMs();
      const serverError = status >= 500;
      count(answerHourOf(now), 1, serverError ? 1 : 0);
      if (inFlight === undefined && (serverError || now - lastFlushMs >= flushEvery)) flush(now);
      else if (serverError) void inFlight?.then(() => (inFlight === undefined && errorsPending() ? flush(deps.nowMs()) : undefined));
    },
    /** Resolves once no flush is running (tests). */
    async settled(): Promise<void> {
      while (inFlight) await inFlight;
    },
  };
}

/** 5xx answers over all answers, rounded to four places; 0 without answers. */
export function errorRateOf(counts: readonly Pick<ApiAnswerCounts, 'answers' | 'serverErrors'>[]): number {
  const answers = counts.reduce((sum, count) => sum + count.answers, 0);
  const errors = counts.reduce((sum, count) => sum + count.serverErrors, 0);
  return answers === 0 ? 0 : Math.round((errors / answers) * 10_000) / 10_000;
}
