/**
 * Time as a dependency. Domain code asks a Clock instead of calling Date.now(), so tests (and the
 * local runtime's test hooks) can move time forward without sleeping.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  nowMs(): number;
}

/** The machine's clock. */
export const systemClock: Clock = { nowMs: () => Date.now() };

/** A clock whose offset from the machine's clock can be changed; for tests and local test hooks. */
export interface AdjustableClock extends Clock {
  /** Moves this clock to `offsetMs` milliseconds ahead of the machine's. */
  setOffsetMs(offsetMs: number): void;
  offsetMs(): number;
}

/** Creates a clock that starts at the machine's time and can be moved. */
export function createAdjustableClock(initialOffsetMs = 0): AdjustableClock {
  let offset = initialOffsetMs;
  return {
    nowMs: () => Date.now() + offset,
    setOffsetMs: (next) => {
      offset = next;
    },
    offsetMs: () => offset,
  };
}

/** A clock fixed at one instant until moved; for unit tests. */
export function createFixedClock(startMs: number): Clock & { advance(ms: number): void; set(ms: number): void } {
  let now = startMs;
  return {
    nowMs: () => now,
    advance: (ms) => {
      now += ms;
    },
    set: (ms) => {
      now = ms;
    },
  };
}

/** ISO 8601 UTC text of a clock reading. */
export const isoAt = (ms: number): string => new Date(ms).toISOString();

/**
 * The process-wide adjustable clock used when functions run in test-clock mode: the local runtime
 * started with WARDEN_TEST_HOOKS=1 moves it (never on AWS, where the flag is never set).
 */
export const processTestClock: AdjustableClock = createAdjustableClock();
