import { describe, expect, it } from 'vitest';
import { MAX_CATCH_UP_MINUTES, minutesToLook } from '../../../shared/monitoring/anomaly-detection';

describe('minutes the detection job looks at', () => {
  it('takes the minutes after its cursor up to the last settled one, in order', () => {
    expect(minutesToLook('2026-12-06T10:02', '2026-12-06T10:05')).toEqual(['2026-12-06T10:03', '2026-12-06T10:04', '2026-12-06T10:05']);
  });

  it('looks at nothing when the cursor is at or past the last settled minute (a run twice for a minute)', () => {
    expect(minutesToLook('2026-12-06T10:05', '2026-12-06T10:05')).toEqual([]);
    expect(minutesToLook('2026-12-06T11:00', '2026-12-06T10:05')).toEqual([]);
  });

  it('catches up at most MAX_CATCH_UP_MINUTES, also for a tenant never looked at', () => {
    const late = minutesToLook('2026-12-06T08:00', '2026-12-06T10:05');
    expect(late).toHaveLength(MAX_CATCH_UP_MINUTES);
    expect(late.at(-1)).toBe('2026-12-06T10:05');
    expect(minutesToLook(undefined, '2026-12-06T10:05')).toEqual(late);
  });
});
