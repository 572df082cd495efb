import { describe, expect, it } from 'vitest';
import { API_ANSWERS_FLUSH_MS, type ApiAnswerCounts, createApiAnswerCounter, errorRateOf } from '../../../shared/metrics/api-answers';

const T0 = Date.parse('2026-12-06T10:59:45.000Z');

describe('API answer counter', () => {
  const counter = (now: { ms: number }, store: { fail?: boolean; hang?: Promise<void> } = {}) => {
    const added: ApiAnswerCounts[] = [];
    const errors: unknown[] = [];
    const answers = createApiAnswerCounter({
      store: {
        addApiAnswers: async (counts) => {
          await store.hang;
          if (store.fail) throw new Error('down');
          added.push(counts);
        },
      },
      nowMs: () => now.ms,
      onError: (error) => errors.push(error),
    });
    return { answers, added, errors };
  };

  it('adds its first answer at once, then at most once a minute, per hour', async () => {
    const now = { ms: T0 };
    const { answers, added } = counter(now);
    answers.answered(200);
    await answers.settled();
    expect(added).toEqual([{ hour: '2026-12-06T10', answers: 1, serverErrors: 0 }]);
    for (const status of [200, 404, 429]) answers.answered(status);
    now.ms = T0 + 30_000; // into the next hour
    answers.answered(201);
    await answers.settled();
    expect(added).toHaveLength(1);
    now.ms = T0 + API_ANSWERS_FLUSH_MS;
    answers.answered(200);
    await answers.settled();
    expect(added.slice(1)).toEqual([
      { hour: '2026-12-06T10', answers: 3, serverErrors: 0 },
      { hour: '2026-12-06T11', answers: 2, serverErrors: 0 },
    ]);
  });

  it('adds at once after a 5xx, with what it counted before', async () => {
    const now = { ms: T0 };
    const { answers, added } = counter(now);
    answers.answered(200);
    await answers.settled();
    answers.answered(200);
    answers.answered(503);
    await answers.settled();
    expect(added).toEqual([
      { hour: '2026-12-06T10', answers: 1, serverErrors: 0 },
      { hour: '2026-12-06T10', answers: 2, serverErrors: 1 },
    ]);
  });

  it('never waits for the store: a 5xx while a flush hangs is added once it is done', async () => {
    let release = () => {};
    const store = { hang: new Promise<void>((resolve) => (release = resolve)) };
    const { answers, added } = counter({ ms: T0 }, store);
    answers.answered(200); // starts a flush that hangs
    answers.answered(500); // counted, not waited for
    expect(added).toEqual([]);
    release();
    await answers.settled();
    expect(added).toEqual([
      { hour: '2026-12-06T10', answers: 1, serverErrors: 0 },
      { hour: '2026-12-06T10', answers: 1, serverErrors: 1 },
    ]);
  });

  it('keeps what it could not add for the next flush, and never throws', async () => {
    const now = { ms: T0 };
    const store = { fail: true };
    const { answers, added, errors } = counter(now, store);
    expect(() => answers.answered(500)).not.toThrow();
    await answers.settled();
    expect(errors).toHaveLength(1);
    store.fail = false;
    answers.answered(502);
    await answers.settled();
    expect(added).toEqual([{ hour: '2026-12-06T10', answers: 2, serverErrors: 2 }]);
  });
});

describe('Error rate', () => {
  it('is 5xx answers over all answers, to four places, and 0 without answers', () => {
    expect(errorRateOf([])).toBe(0);
    expect(
      errorRateOf([
        { answers: 2000, serverErrors: 1 },
        { answers: 1000, serverErrors: 2 },
      ]),
    ).toBe(0.001);
    expect(errorRateOf([{ answers: 3, serverErrors: 1 }])).toBe(0.3333);
  });
});
