/**
 * The clock and id generator of a function (its pagination cursors: cursors.ts).
 */
import { type Clock, processTestClock, systemClock } from '../../../shared/kernel/clock';
import { createIdGenerator } from '../../../shared/kernel/ids';
import { config } from '../config';
import { once } from './once';

/** The system clock, or the adjustable process clock in the local runtime's test mode. */
export const clock = once((): Clock => (config().testHooks ? processTestClock : systemClock));

/** Ids (ULIDs) from the function's clock. */
export const ids = once(() => createIdGenerator(clock()));
