/**
 * The local scheduler runs the manifest's schedules on the functions' clock, as EventBridge
 * Scheduler runs them on AWS: when due, once however far time jumped, one run at a time.
 */
import { describe, expect, it } from 'vitest';
import { createLocalScheduler } from '../../../infra/local/scheduler';
import { createAdjustableClock } from '../../../shared/kernel/clock';
import { manifestProblems, MANIFEST, ratePeriodMs } from '../../../shared/manifest';

const HOUR = 3_600_000;

function setUp() {
  const clock = createAdjustableClock();
  const before = clock.nowMs();
  const runs: { functionId: string; event: unknown }[] = [];
  const logged: string[] = [];
  const scheduler = createLocalScheduler({
    schedules: [{ id: 'hourly', description: 'test', target: 'health', rate: 'rate(1 hour)' }],
    host: { invoke: async (functionId, event) => void runs.push({ functionId, event }) as never },
    clock,
    log: (message) => logged.push(message),
    pollMs: 0,
  });
  return { clock, runs, logged, scheduler, createdBetween: [before, clock.nowMs()] as const };
}

describe('Function: createLocalScheduler', () => {
  it('runs nothing before a schedule is due, then invokes its function with the time it was due', async () => {
    const { clock, runs, scheduler, createdBetween } = setUp();
    clock.setOffsetMs(HOUR - 1000);
    await scheduler.tick();
    expect(runs).toEqual([]);
    clock.setOffsetMs(HOUR + 1000);
    await scheduler.tick();
    expect(runs).toEqual([{ functionId: 'health', event: { scheduleId: 'hourly', scheduledAt: expect.any(String) } }]);
    // Due one period after the scheduler started.
    const dueAt = Date.parse((runs[0]!.event as { scheduledAt: string }).scheduledAt);
    expect(dueAt).toBeGreaterThanOrEqual(createdBetween[0] + HOUR);
    expect(dueAt).toBeLessThanOrEqual(createdBetween[1] + HOUR);
  });

  it('runs once after a jump of several periods, and next one period later', async () => {
    const { clock, runs, scheduler } = setUp();
    clock.setOffsetMs(5 * HOUR);
    await scheduler.tick();
    await scheduler.tick();
    expect(runs).toHaveLength(1);
    clock.setOffsetMs(6 * HOUR - 10_000);
    await scheduler.tick();
    expect(runs).toHaveLength(1);
    clock.setOffsetMs(6 * HOUR + 10_000);
    await scheduler.tick();
    expect(runs).toHaveLength(2);
    await scheduler.stop();
  });

  it('after the clock went back, runs one period later instead of waiting for the future it came from', async () => {
    const { clock, runs, scheduler } = setUp();
    clock.setOffsetMs(30 * 24 * HOUR);
    await scheduler.tick();
    expect(runs).toHaveLength(1);
    clock.setOffsetMs(0);
    await scheduler.tick();
    expect(runs).toHaveLength(1);
    clock.setOffsetMs(HOUR + 1000);
    await scheduler.tick();
    expect(runs).toHaveLength(2);
  });

  it('runs a job due after a jump ahead and back that no tick saw, once told the clock moved', async () => {
    // Prepare: a run two hours ahead, then the clock set back to now and, before any tick, an hour ahead.
    const { clock, runs, scheduler } = setUp();
    clock.setOffsetMs(2 * HOUR);
    await scheduler.tick();
    expect(runs).toHaveLength(1);
    clock.setOffsetMs(0);
    scheduler.clockMoved();

    // Act
    clock.setOffsetMs(HOUR + 1000);
    scheduler.clockMoved();
    await scheduler.tick();

    // Assess: due an hour after the clock came back, so due now.
    expect(runs).toHaveLength(2);
  });

  it('logs a failed run and goes on', async () => {
    const clock = createAdjustableClock();
    const logged: string[] = [];
    const scheduler = createLocalScheduler({
      schedules: [{ id: 'hourly', description: 'test', target: 'health', rate: 'rate(1 hour)' }],
      host: { invoke: async () => Promise.reject(new Error('boom')) },
      clock,
      log: (message) => logged.push(message),
      pollMs: 0,
    });
    clock.setOffsetMs(HOUR);
    await scheduler.tick();
    expect(logged).toEqual(['scheduled run failed']);
    expect(scheduler.status()).toEqual([expect.objectContaining({ id: 'hourly', running: false, runs: 1, lastError: 'Error: boom' })]);
  });

  it('shows whether a run is going and when the next is due, so a test can say why a job did not run', async () => {
    const clock = createAdjustableClock();
    let finish = () => {};
    const scheduler = createLocalScheduler({
      schedules: [{ id: 'hourly', description: 'test', target: 'health', rate: 'rate(1 hour)' }],
      host: { invoke: () => new Promise((resolve) => (finish = () => resolve(undefined as never))) },
      clock,
      log: () => undefined,
      pollMs: 0,
    });
    expect(scheduler.status()).toEqual([{ id: 'hourly', dueAt: expect.any(String), running: false, runs: 0 }]);
    clock.setOffsetMs(HOUR);
    const ticked = scheduler.tick();
    const going = scheduler.status()[0]!;
    expect(going).toMatchObject({ running: true, runs: 1, lastStartedAt: expect.any(String) });
    expect(Date.parse(going.dueAt)).toBeGreaterThan(clock.nowMs());
    finish();
    await ticked;
    expect(scheduler.status()[0]).toMatchObject({ running: false, lastFinishedAt: expect.any(String) });
    expect(scheduler.status()[0]).not.toHaveProperty('lastError');
  });
});

describe('Schedules in the manifest', () => {
  it.each([
    ['rate(5 minutes)', 300_000],
    ['rate(1 hour)', HOUR],
    ['rate(7 days)', 7 * 24 * HOUR],
  ])('reads %s as %d ms', (rate, ms) => {
    expect(ratePeriodMs(rate)).toBe(ms);
  });

  it.each(['rate(1 hours)', 'rate(2 hour)', 'rate(0 minutes)', 'cron(0 12 * * ? *)', 'every day'])('refuses %s', (rate) => {
    expect(ratePeriodMs(rate)).toBeUndefined();
  });

  it('names a schedule with an unknown function or rate as a manifest problem', () => {
    const schedules = [
      { id: 'a', description: 'x', target: 'no-such-function', rate: 'rate(1 day)' },
      { id: 'b', description: 'x', target: 'health', rate: 'daily' },
    ];
    expect(manifestProblems({ ...MANIFEST, schedules })).toEqual([
      'schedule a targets unknown function no-such-function',
      'schedule b has an invalid rate daily (rate(<n> minutes|hours|days))',
    ]);
  });
});
