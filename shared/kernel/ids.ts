/**
 * Identifiers. Ids that are listed in time order (decisions, audit records, approvals) are ULIDs,
 * whose text sorts by creation time; all carry a short prefix naming what they identify.
 */
import { monotonicFactory } from 'ulid';
import type { Clock } from './clock';

/** Makes new ids. Injected so tests can predict them when they need to. */
export interface IdGenerator {
  /** A new time-ordered id with the given prefix, e.g. `agt_01J…`. */
  next(prefix: string): string;
}

/** Ids ordered by the given clock (monotonic within one process even within one millisecond). */
export function createIdGenerator(clock: Clock): IdGenerator {
  const ulid = monotonicFactory();
  return { next: (prefix) => `${prefix}_${ulid(clock.nowMs())}` };
}
