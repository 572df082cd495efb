/**
 * The local twin of EventBridge Scheduler: runs each schedule of the manifest on the functions'
 * clock (the test clock when test hooks are on, so a test that moves time a day ahead sees a
 * daily job run). Like the Scheduler, a job that fell due several times while time jumped runs
 * once, and the next run is one period after that; a failed run is logged and not retried here
 * (the Scheduler retries twice, then dead-letters).
 */
import type { Clock } from '../../shared/kernel/clock';
import { ratePeriodMs, type ScheduledInvocation, type ScheduleSpec } from '../../shared/manifest/schedules';
import type { FunctionHost } from './function-host';

export interface LocalSchedulerOptions {
  readonly schedules: readonly ScheduleSpec[];
  readonly host: Pick<FunctionHost, 'invoke'>;
  readonly clock: Clock;
  readonly log: (message: string, extra?: Record<string, unknown>) => void;
  /** How often the clock is looked at (ms); 0 starts no timer (tests call `tick`). */
  readonly pollMs?: number;
}

/** Where a schedule stands (the `/_local/schedules` test hook shows it, so a failing test can say why a job did not run). */
export interface LocalScheduleStatus {
  readonly id: string;
  readonly dueAt: string;
  readonly running: boolean;
  readonly runs: number;
  readonly lastStartedAt?: string;
  readonly lastFinishedAt?: string;
  readonly lastError?: string;
}

export interface LocalScheduler {
  /** Runs every schedule that is due now; resolves when their runs have finished. */
  tick(): Promise<void>;
  /**
   * Tells the scheduler the clock was just set (the test hook calls it). A jump ahead and back
   * between two ticks would otherwise go unseen, and the next jump ahead would read as the clock
   * going back (next run one period after it) instead of a job falling due.
   */
  clockMoved(): void;
  status(): LocalScheduleStatus[];
  stop(): Promise<void>;
}

export function createLocalScheduler(options: LocalSchedulerOptions): LocalScheduler {
  const { schedules, host, clock, log } = options;
  const startedAt = clock.nowMs();
  const jobs = schedules.map((schedule) => {
    const periodMs = ratePeriodMs(schedule.rate);
    if (periodMs === undefined) throw new Error(`schedule ${schedule.id}: invalid rate ${schedule.rate}`);
    return {
      schedule,
      periodMs,
      dueAt: startedAt + periodMs,
      running: undefined as Promise<void> | undefined,
      runs: 0,
      lastStartedAt: undefined as string | undefined,
      lastFinishedAt: undefined as string | undefined,
      lastError: undefined as string | undefined,
    };
  });
  const wallClock = () => new Date().toISOString();

  async function run(job: (typeof jobs)[number], dueAt: number): Promise<void> {
    const invocation: ScheduledInvocation = { scheduleId: job.schedule.id, scheduledAt: new Date(dueAt).toISOString() };
    job.runs += 1;
    job.lastStartedAt = wallClock();
    job.lastError = undefined;
    try {
      await host.invoke(job.schedule.target, invocation);
    } catch (error) {
      job.lastError = String(error);
      log('scheduled run failed', { scheduleId: job.schedule.id, error: String(error) });
    } finally {
      job.lastFinishedAt = wallClock();
    }
  }

  /** The clock went back (a test reset it): each job waits one period from now, not for the future it came from. */
  function catchUpWithClock(nowMs: number): void {
    for (const job of jobs) if (job.dueAt > nowMs + job.periodMs) job.dueAt = nowMs + job.periodMs;
  }

  async function tick(): Promise<void> {
    const nowMs = clock.nowMs();
    const runs: Promise<void>[] = [];
    catchUpWithClock(nowMs);
    for (const job of jobs) {
      // One run at a time per schedule; a run still going when the next falls due makes it wait.
      if (nowMs < job.dueAt || job.running) continue;
      const dueAt = job.dueAt;
      job.dueAt = nowMs + job.periodMs;
      job.running = run(job, dueAt).finally(() => (job.running = undefined));
      runs.push(job.running);
    }
    await Promise.all(runs);
  }

  const timer = options.pollMs === 0 ? undefined : setInterval(() => void tick(), options.pollMs ?? 1000);
  timer?.unref();
  return {
    tick,
    clockMoved: () => catchUpWithClock(clock.nowMs()),
    status: () =>
      jobs.map((job) => ({
        id: job.schedule.id,
        dueAt: new Date(job.dueAt).toISOString(),
        running: job.running !== undefined,
        runs: job.runs,
        ...(job.lastStartedAt ? { lastStartedAt: job.lastStartedAt } : {}),
        ...(job.lastFinishedAt ? { lastFinishedAt: job.lastFinishedAt } : {}),
        ...(job.lastError ? { lastError: job.lastError } : {}),
      })),
    async stop() {
      if (timer) clearInterval(timer);
      await Promise.all(jobs.map((job) => job.running));
    },
  };
}
