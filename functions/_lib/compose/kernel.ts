/**
 * The clock, id generator and pagination cursors of a function. The cursor secret is read from
 * Secrets Manager only where the configuration names an ARN (AWS), and the Powertools parameters
 * utility with its SDK client is loaded only then.
 */
import { type Clock, processTestClock, systemClock } from '../../../shared/kernel/clock';
import { createIdGenerator } from '../../../shared/kernel/ids';
import { createPageCursorCodec, type PageCursorCodec } from '../../../shared/kernel/page-cursor';
import { config } from '../config';
import { once, onceAsync } from './once';

/** The system clock, or the adjustable process clock in the local runtime's test mode. */
export const clock = once((): Clock => (config().testHooks ? processTestClock : systemClock));

/** Ids (ULIDs) from the function's clock. */
export const ids = once(() => createIdGenerator(clock()));

async function cursorSecret(): Promise<string> {
  const { cursorSecret: secret } = config();
  if ('value' in secret) return secret.value;
  const { getSecret } = await import('@aws-lambda-powertools/parameters/secrets');
  const value = await getSecret<string>(secret.arn, { maxAge: 3600 });
  if (typeof value !== 'string' || value.length < 32) throw new Error('The cursor secret is missing or too short');
  return value;
}

/** The codec of opaque, signed pagination cursors. */
export const cursors = onceAsync(async (): Promise<PageCursorCodec> => createPageCursorCodec(await cursorSecret()));
