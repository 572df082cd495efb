import { describe, expect, it } from 'vitest';
import { type QuietHours, QuietHoursSchema } from '../../../shared/monitoring/monitoring-settings';
import { isQuiet, quietHoursEnd } from '../../../shared/notifications/quiet-hours';

const hours = (from: string, to: string, timeZone = 'UTC'): QuietHours => ({ from, to, timeZone });
const at = Date.parse;
const endAt = (quiet: QuietHours, iso: string) => {
  const end = quietHoursEnd(quiet, at(iso));
  return end === undefined ? undefined : new Date(end).toISOString();
};

describe('quiet hours in a day', () => {
  const office = hours('12:00', '13:30');

  it('includes `from` and excludes `to`', () => {
    expect(isQuiet(office, at('2026-12-07T11:59:59.999Z'))).toBe(false);
    expect(isQuiet(office, at('2026-12-07T12:00:00.000Z'))).toBe(true);
    expect(isQuiet(office, at('2026-12-07T13:29:59.999Z'))).toBe(true);
    expect(isQuiet(office, at('2026-12-07T13:30:00.000Z'))).toBe(false);
  });

  it('end at `to` the same day, and not at all outside them', () => {
    expect(endAt(office, '2026-12-07T12:00:00.000Z')).toBe('2026-12-07T13:30:00.000Z');
    expect(endAt(office, '2026-12-07T13:29:59.999Z')).toBe('2026-12-07T13:30:00.000Z');
    expect(endAt(office, '2026-12-07T13:30:00.000Z')).toBeUndefined();
    expect(endAt(office, '2026-12-07T08:00:00.000Z')).toBeUndefined();
  });
});

describe('quiet hours across midnight (`from` after `to`)', () => {
  const night = hours('22:00', '07:00');

  it('are quiet from the evening to the morning, and not in the day', () => {
    for (const time of ['22:00', '23:59', '00:00', '03:00', '06:59'])
      expect(isQuiet(night, at(`2026-12-07T${time}:00.000Z`)), time).toBe(true);
    for (const time of ['07:00', '12:00', '21:59']) expect(isQuiet(night, at(`2026-12-07T${time}:00.000Z`)), time).toBe(false);
  });

  it('end the next morning when entered in the evening, and the same morning after midnight', () => {
    expect(endAt(night, '2026-12-07T22:00:00.000Z')).toBe('2026-12-08T07:00:00.000Z');
    expect(endAt(night, '2026-12-31T23:30:00.000Z')).toBe('2027-01-01T07:00:00.000Z');
    expect(endAt(night, '2026-12-08T00:00:00.000Z')).toBe('2026-12-08T07:00:00.000Z');
    expect(endAt(night, '2026-12-08T06:59:00.000Z')).toBe('2026-12-08T07:00:00.000Z');
  });
});

describe('quiet hours in a time zone', () => {
  it('follow the local clock (Tokyo, UTC+9)', () => {
    const tokyo = hours('22:00', '07:00', 'Asia/Tokyo');
    expect(isQuiet(tokyo, at('2026-12-07T13:00:00.000Z'))).toBe(true); // 22:00 in Tokyo
    expect(isQuiet(tokyo, at('2026-12-07T12:59:00.000Z'))).toBe(false);
    expect(endAt(tokyo, '2026-12-07T13:00:00.000Z')).toBe('2026-12-07T22:00:00.000Z'); // 07:00 on the 8th in Tokyo
  });

  it('are an hour shorter across the spring-forward night (Berlin, 28 March 2027)', () => {
    const berlin = hours('22:00', '07:00', 'Europe/Berlin');
    // 23:00 CET on the 27th; 07:00 CEST on the 28th is 05:00 UTC: 7 hours later, not 8.
    expect(endAt(berlin, '2027-03-27T22:00:00.000Z')).toBe('2027-03-28T05:00:00.000Z');
    expect(isQuiet(berlin, at('2027-03-28T04:59:00.000Z'))).toBe(true);
    expect(isQuiet(berlin, at('2027-03-28T05:00:00.000Z'))).toBe(false);
  });

  it('end when the clocks jump past a `to` that spring forward skips', () => {
    const berlin = hours('22:00', '02:30', 'Europe/Berlin');
    // 02:30 does not exist on 28 March 2027: at 01:00 UTC the clocks go from 02:00 to 03:00.
    expect(endAt(berlin, '2027-03-27T22:00:00.000Z')).toBe('2027-03-28T01:00:00.000Z');
    expect(isQuiet(berlin, at('2027-03-28T00:59:00.000Z'))).toBe(true);
    expect(isQuiet(berlin, at('2027-03-28T01:00:00.000Z'))).toBe(false);
  });

  it('are an hour longer across the fall-back night, and end at the first time the clock reads `to` (New York, 1 November 2026)', () => {
    const newYork = hours('00:00', '06:00', 'America/New_York');
    // 00:30 EDT; 06:00 EST is 11:00 UTC: 6½ hours later.
    expect(endAt(newYork, '2026-11-01T04:30:00.000Z')).toBe('2026-11-01T11:00:00.000Z');
    const early = hours('00:00', '01:30', 'America/New_York');
    // 01:30 comes twice that night (05:30 and 06:30 UTC): the first one ends the quiet hours…
    expect(endAt(early, '2026-11-01T04:30:00.000Z')).toBe('2026-11-01T05:30:00.000Z');
    // …and in the repeated hour, the clock is back before 01:30: quiet again until it reads 01:30 once more.
    expect(endAt(early, '2026-11-01T06:10:00.000Z')).toBe('2026-11-01T06:30:00.000Z');
  });
});

describe('quiet hours settings', () => {
  it('default to UTC and refuse an unknown time zone, a malformed time and from = to, naming the field', () => {
    expect(QuietHoursSchema.parse({ from: '22:00', to: '07:00' })).toEqual({ from: '22:00', to: '07:00', timeZone: 'UTC' });
    const problems = (input: unknown) => {
      const result = QuietHoursSchema.safeParse(input);
      return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
    };
    expect(problems({ from: '22:00', to: '07:00', timeZone: 'Mars/Olympus' })).toEqual(['timeZone']);
    expect(problems({ from: '22:00', to: '07:00', timeZone: '+01:00' })).toEqual(['timeZone']);
    expect(problems({ from: '24:00', to: '07:00' })).toEqual(['from']);
    expect(problems({ from: '7:00', to: '22:00' })).toEqual(['from']);
    expect(problems({ from: '22:00', to: '22:00' })).toEqual(['to']);
    expect(problems({ from: '22:00', to: '07:00', days: ['sat'] })).toEqual(['']);
  });
});
