import { describe, expect, it } from 'vitest';
import {
  createStreamTakeRecorder,
  RECENT_TAKE_MS,
  STREAM_TAKE_INTERVAL_MS,
  type StreamTake,
  streamLagOf,
} from '../../../shared/metrics/stream-lag';

const T0 = Date.parse('2026-12-06T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe('Stream take recorder', () => {
  const recorder = (now: { ms: number }, fail = false) => {
    const written: StreamTake[] = [];
    const errors: unknown[] = [];
    const taken = createStreamTakeRecorder({
      store: {
        recordStreamTake: async (take) => {
          if (fail) throw new Error('down');
          written.push(take);
        },
      },
      consumer: 'usage meter',
      instance: 'i-1',
      nowMs: () => now.ms,
      onError: (error) => errors.push(error),
    });
    return { taken, written, errors };
  };

  it("notes a batch's oldest and newest record (the times they were written) and how old the oldest was when taken", async () => {
    const now = { ms: T0 };
    const { taken, written } = recorder(now);
    await taken.taken([T0 - 3000, T0 - 1000, T0 - 2000]);
    expect(written).toEqual([
      {
        consumer: 'usage meter',
        instance: 'i-1',
        takenAt: iso(T0),
        oldestRecordAt: iso(T0 - 3000),
        newestRecordAt: iso(T0 - 1000),
        oldestAgeMs: 3000,
      },
    ]);
  });

  it('writes at most once per interval, folding the batches between into the next note', async () => {
    const now = { ms: T0 };
    const { taken, written } = recorder(now);
    await taken.taken([T0]);
    now.ms = T0 + 1000;
    await taken.taken([T0 - 9000]); // an old record, taken between notes
    now.ms = T0 + 2000;
    await taken.taken([T0 + 2000]);
    expect(written).toHaveLength(1);
    now.ms = T0 + STREAM_TAKE_INTERVAL_MS;
    await taken.taken([T0 + STREAM_TAKE_INTERVAL_MS]);
    expect(written).toHaveLength(2);
    expect(written[1]).toMatchObject({
      oldestRecordAt: iso(T0 - 9000),
      newestRecordAt: iso(T0 + STREAM_TAKE_INTERVAL_MS),
      oldestAgeMs: 10_000,
    });
  });

  it('ignores an empty batch, and never fails a batch because the note could not be written', async () => {
    const now = { ms: T0 };
    const { taken, written, errors } = recorder(now, true);
    await taken.taken([]);
    expect(errors).toEqual([]);
    await expect(taken.taken([T0])).resolves.toBeUndefined();
    expect(written).toEqual([]);
    expect(errors).toHaveLength(1);
  });
});

describe('Stream lag', () => {
  const take = (consumer: string, takenMs: number, newestMs: number, oldestAgeMs: number, instance = 'i-1'): StreamTake => ({
    consumer,
    instance,
    takenAt: iso(takenMs),
    oldestRecordAt: iso(newestMs - 100),
    newestRecordAt: iso(newestMs),
    oldestAgeMs,
  });

  it('is 0 without notes', () => {
    expect(streamLagOf([], T0)).toBe(0);
  });

  it('is the largest age noted lately, across consumers and their processes', () => {
    const now = T0 + 10_000;
    expect(
      streamLagOf(
        [take('usage meter', T0, T0, 1200), take('metrics rollup', T0, T0, 4600, 'a'), take('metrics rollup', T0, T0, 300, 'b')],
        now,
      ),
    ).toBe(5);
  });

  it('forgets an age noted longer ago than a recent take', () => {
    const now = T0 + RECENT_TAKE_MS + 1;
    expect(streamLagOf([take('usage meter', T0, T0, 30_000)], now)).toBe(0);
  });

  it('passes over a note dated ahead of now, written while a clock ran ahead', () => {
    const now = T0;
    const ahead = T0 + 5 * 3_600_000;
    const takes = [take('usage meter', ahead, T0 - 1000, 5 * 3_600_000), take('metrics rollup', now - 1000, now - 1200, 800)];
    expect(streamLagOf(takes, now)).toBe(1);
  });

  it('counts a quiet consumer as lagging, from its last take, when another consumer took newer records', () => {
    const now = T0 + 300_000;
    const takes = [take('metrics rollup', T0, T0 - 500, 500), take('usage meter', now - 1000, now - 1500, 600)];
    expect(streamLagOf(takes, now)).toBe(300);
  });

  it('does not count a quiet consumer as lagging when nothing newer came (a quiet stream)', () => {
    const now = T0 + 300_000;
    const takes = [take('metrics rollup', T0, T0 - 500, 500), take('usage meter', T0 + 1000, T0 - 200, 700)];
    expect(streamLagOf(takes, now)).toBe(0);
  });
});
