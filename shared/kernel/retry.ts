/**
 * The one way Warden tries something again: a bounded number of attempts, only for the errors the
 * caller names as passing (a lost race, a dependency that may answer next time), with a delay that
 * grows between attempts — full jitter, so racing writers spread out instead of colliding again.
 */

export interface RetryOptions {
  /** Attempts in all, the first included (at least 1). */
  readonly attempts: number;
  /** Whether `error` (from attempt `attempt`) is worth another attempt. */
  readonly retryOn: (error: unknown, attempt: number) => boolean;
  /** Delay before attempt 2 (ms); each next one doubles, up to `maxDelayMs`. 0: no wait. */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Where a wait goes (tests pass one that does not sleep). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Random in [0, 1) for the jitter. */
  readonly random?: () => number;
}

/** Waits `ms` milliseconds (the default `sleep` of every wait between attempts). */
export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The delay before attempt `attempt + 1`: a random part of base × 2^(attempt − 1), at most `max`. */
export const backoffMs = (attempt: number, baseDelayMs: number, maxDelayMs: number, random: () => number) =>
  Math.floor(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)));

/** Runs `operation` until it succeeds, fails with an error not worth retrying, or runs out of attempts. */
export async function retrying<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { attempts, retryOn, baseDelayMs = 0, maxDelayMs = 5000, sleep = realSleep, random = Math.random } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt >= attempts || !retryOn(error, attempt)) throw error;
      if (baseDelayMs > 0) await sleep(backoffMs(attempt, baseDelayMs, maxDelayMs, random));
    }
  }
}
