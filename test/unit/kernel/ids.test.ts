import { describe, expect, it } from 'vitest';
import { createIdGenerator, firstIdAt, pooledRandom } from '../../../shared/kernel/ids';

describe('ids', () => {
  it('are ULIDs with their prefix, in the order they were made, within and across milliseconds', () => {
    let now = Date.parse('2026-12-07T12:00:00.000Z');
    const ids = createIdGenerator({ nowMs: () => now });
    const made: string[] = [];
    for (let i = 0; i < 5000; i++) {
      if (i % 7 === 0) now += 1;
      made.push(ids.next('dec'));
    }
    expect(made.every((id) => /^dec_[0-9A-HJKMNP-TV-Z]{26}$/.test(id))).toBe(true);
    expect([...made].sort()).toEqual(made);
    expect(new Set(made).size).toBe(made.length);
    expect(made[0]! >= firstIdAt('dec', Date.parse('2026-12-07T12:00:00.000Z'))).toBe(true);
  });

  it('draw their random part uniformly over all 32 characters, beyond one pool of bytes', () => {
    const random = pooledRandom();
    const counts = new Array<number>(32).fill(0);
    for (let i = 0; i < 32 * 1000; i++) {
      const value = random();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
      counts[Math.floor(value * 32)]! += 1;
    }
    // 1,000 expected per character: a skewed or constant source lands far outside this band.
    expect(Math.min(...counts)).toBeGreaterThan(800);
    expect(Math.max(...counts)).toBeLessThan(1200);
  });
});
