import { describe, expect, it } from 'vitest';
import { backoffMs, retrying } from '../../../shared/kernel/retry';

const noSleep = { sleep: async () => undefined };

describe('Function: retrying', () => {
  it('returns the first success, trying again only on the errors it is told to', async () => {
    let calls = 0;
    const result = await retrying(
      async () => {
        calls++;
        if (calls < 3) throw new Error('race');
        return 'done';
      },
      { attempts: 5, retryOn: (error) => (error as Error).message === 'race', ...noSleep },
    );
    expect(result).toBe('done');
    expect(calls).toBe(3);
  });

  it('throws at once an error not worth retrying', async () => {
    let calls = 0;
    await expect(
      retrying(async () => Promise.reject(new Error(`boom ${++calls}`)), { attempts: 5, retryOn: () => false, ...noSleep }),
    ).rejects.toThrow('boom 1');
  });

  it('throws the last error when the attempts run out', async () => {
    let calls = 0;
    await expect(
      retrying(async () => Promise.reject(new Error(`race ${++calls}`)), { attempts: 3, retryOn: () => true, ...noSleep }),
    ).rejects.toThrow('race 3');
  });

  it('waits a random part of a doubling delay, capped', async () => {
    const waits: number[] = [];
    await expect(
      retrying(async () => Promise.reject(new Error('x')), {
        attempts: 5,
        retryOn: () => true,
        baseDelayMs: 100,
        maxDelayMs: 300,
        random: () => 0.5,
        sleep: async (ms) => void waits.push(ms),
      }),
    ).rejects.toThrow();
    expect(waits).toEqual([50, 100, 150, 150]);
    expect(backoffMs(1, 100, 5000, () => 0.999)).toBe(99);
  });
});
