/**
 * Quiet hours in time: whether an instant falls inside a tenant's quiet hours, and when they end.
 * They are wall-clock times of a time zone, so a quiet night across a change of daylight saving
 * time is an hour shorter or longer in real time; a `to` that a spring-forward skips ends them
 * when the clocks jump past it.
 */
import type { QuietHours } from '../monitoring/monitoring-settings';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const formats = new Map<string, Intl.DateTimeFormat>();
const formatOf = (timeZone: string): Intl.DateTimeFormat => {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(timeZone, format);
  }
  return format;
};

/** The wall clock of `timeZone` at `atMs`, as if it were UTC (epoch ms of the local date and time). */
export function wallClockMs(atMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatOf(timeZone).formatToParts(atMs)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return Date.UTC(year, month - 1, day, hour, minute, second) + (((atMs % 1000) + 1000) % 1000);
}

const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** Whether a wall-clock minute of the day (0–1439) is inside the hours `from` (included) to `to` (excluded). */
const insideMinute = (hours: Pick<QuietHours, 'from' | 'to'>, minute: number): boolean => {
  const from = minutesOf(hours.from);
  const to = minutesOf(hours.to);
  return from < to ? from <= minute && minute < to : minute >= from || minute < to;
};

/** Whether `atMs` is inside the quiet hours (`from` included, `to` excluded). */
export function isQuiet(hours: QuietHours, atMs: number): boolean {
  const wall = wallClockMs(atMs, hours.timeZone);
  return insideMinute(hours, Math.floor((((wall % DAY_MS) + DAY_MS) % DAY_MS) / MINUTE_MS));
}

/**
 * When the quiet hours that `atMs` is in end (epoch ms): the first instant after it whose wall clock
 * reads `to` or later; undefined when `atMs` is not inside quiet hours.
 */
export function quietHoursEnd(hours: QuietHours, atMs: number): number | undefined {
  if (!isQuiet(hours, atMs)) return undefined;
  const wall = wallClockMs(atMs, hours.timeZone);
  // The next wall-clock `to`: today's, or tomorrow's when today's has passed.
  const today = Math.floor(wall / DAY_MS) * DAY_MS + minutesOf(hours.to) * MINUTE_MS;
  const target = today > wall ? today : today + DAY_MS;
  const offsetAt = (ms: number) => wallClockMs(ms, hours.timeZone) - ms;
  // Offsets change at most twice a year: the ones a day either side of the target are all it can have.
  const candidates = [target - offsetAt(target - DAY_MS), target - offsetAt(target + DAY_MS)].sort((a, b) => a - b);
  const reading = candidates.find((ms) => ms > atMs && wallClockMs(ms, hours.timeZone) === target);
  return reading ?? clocksJumpPast(target, hours.timeZone, candidates[0]!, candidates[1]!);
}

/**
 * A wall-clock time the clocks skip (spring forward): the instant they jump past it, between the
 * instants `low` (before the jump, the clock reads less) and `high` (after it, more), to the second.
 */
function clocksJumpPast(target: number, timeZone: string, low: number, high: number): number {
  while (high - low > 1000) {
    const middle = Math.floor((low + high) / 2000) * 1000;
    if (middle <= low) break;
    if (wallClockMs(middle, timeZone) >= target) high = middle;
    else low = middle;
  }
  return high;
}
