/**
 * An agent's baseline of one signal: an exponentially weighted moving mean and variance (West's
 * incremental form) over minutes. Recent minutes weigh most (ALPHA: a half-life of about 35
 * minutes), so a baseline follows an agent whose normal changes slowly, and an idle stretch decays
 * it as zeros would, computed at once when the agent is next seen. See
 * docs/decisions/anomaly-detection.md.
 */

/** Weight of each new minute. */
export const ALPHA = 0.02;

/** The most idle minutes applied one by one (past this the baseline is zero to any precision). */
const MAX_IDLE_MINUTES = 2_000;

export interface Baseline {
  readonly mean: number;
  readonly variance: number;
  /** Minutes observed (idle ones included): the baseline counts once this passes the learning period. */
  readonly minutes: number;
}

export const EMPTY_BASELINE: Baseline = { mean: 0, variance: 0, minutes: 0 };

/** The baseline after one more minute with value `x`. */
export function observe(baseline: Baseline, x: number): Baseline {
  if (baseline.minutes === 0) return { mean: x, variance: 0, minutes: 1 };
  const diff = x - baseline.mean;
  const increment = ALPHA * diff;
  return { mean: baseline.mean + increment, variance: (1 - ALPHA) * (baseline.variance + diff * increment), minutes: baseline.minutes + 1 };
}

/** The baseline after `minutes` idle minutes (each a zero), for a signal where idle means zero. */
export function idle(baseline: Baseline, minutes: number): Baseline {
  let current = baseline;
  for (let i = 0; i < Math.min(minutes, MAX_IDLE_MINUTES); i++) current = observe(current, 0);
  return { ...current, minutes: baseline.minutes + minutes };
}

/**
 * How many standard deviations `x` lies above the baseline. The deviation is at least `floor`: a
 * baseline that never varied (an agent sending exactly the same every minute) would otherwise
 * make any change infinitely surprising.
 */
export function zScoreOf(baseline: Baseline, x: number, floor: number): number {
  return (x - baseline.mean) / Math.max(Math.sqrt(baseline.variance), floor);
}
