/**
 * Periodic jobs: EventBridge Scheduler on AWS (infra/cdk/schedules.ts), the local runtime's
 * scheduler locally (infra/local/scheduler.ts), which runs on the functions' clock so tests move
 * time to make a job run. A job's function receives a ScheduledInvocation.
 */

/** A periodic job. */
export interface ScheduleSpec {
  readonly id: string;
  readonly description: string;
  /** Function (in FUNCTIONS) invoked each time. */
  readonly target: string;
  /** How often, as `rate(<n> minute|minutes|hour|hours|day|days)`: the form both platforms run. */
  readonly rate: string;
  /** Part of fleet monitoring: the local runtime leaves it off with `WARDEN_MONITORING=off` (benchmarks compare). */
  readonly monitoring?: boolean;
  /** Keeps a cursor among the platform's operational notes (`~platform#OPS`): the CDK app grants it that partition. */
  readonly keepsOpsCursor?: boolean;
}

/** What a scheduled function receives: which schedule, and the time it was due. */
export interface ScheduledInvocation {
  readonly scheduleId: string;
  readonly scheduledAt: string;
}

/** The jobs. Periodic work (hygiene sweeps, maturity snapshots, audit digests) is listed here. */
export const SCHEDULES: readonly ScheduleSpec[] = [
  {
    id: 'detect-anomalies',
    description: 'Runs the anomaly detectors over the minutes the metrics rollups settled',
    target: 'detect-anomalies',
    rate: 'rate(1 minute)',
    monitoring: true,
  },
  {
    id: 'hygiene-sweep',
    description: "Sweeps every tenant's agents once a day: expiring and too-old keys, inactive agents (a slice of tenants per run)",
    target: 'hygiene-sweep',
    rate: 'rate(10 minutes)',
    keepsOpsCursor: true,
  },
  {
    id: 'maturity-snapshot',
    description: "Keeps each tenant's maturity snapshot of the week (the tenants without this week's, at most 200 a run)",
    target: 'maturity-snapshot',
    rate: 'rate(1 hour)',
  },
  {
    id: 'audit-digests',
    description: "Seals each tenant's audit hours that ended (5 minutes settled) into signed digests, chained per tenant",
    target: 'audit-digest-sealer',
    rate: 'rate(1 hour)',
  },
  {
    id: 'retry-deliveries',
    description: 'Tries again the webhook deliveries that are due',
    target: 'retry-deliveries',
    rate: 'rate(1 minute)',
  },
];

const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** The period of a `rate(...)` expression in milliseconds, or undefined when it is not one. */
export function ratePeriodMs(rate: string): number | undefined {
  const match = /^rate\((\d{1,4}) (minute|hour|day)s?\)$/.exec(rate);
  if (!match) return undefined;
  const count = Number(match[1]);
  // EventBridge Scheduler wants the singular for 1 and the plural otherwise.
  if (count < 1 || (count === 1) !== !rate.endsWith('s)')) return undefined;
  return count * UNIT_MS[match[2]!]!;
}
