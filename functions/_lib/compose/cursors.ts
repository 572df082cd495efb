/**
 * The pagination cursors of a function. The cursor secret is read from Secrets Manager only where
 * the configuration names an ARN (AWS), and the Powertools parameters utility with its SDK client
 * is loaded only then. A module of its own: esbuild bundles what a dynamic import names even where
 * nothing calls it, so functions without cursors (the agent authorizer) do not import this one.
 */
import { createPageCursorCodec, type PageCursorCodec } from '../../../shared/kernel/page-cursor';
import { config } from '../config';
import { onceAsync } from './once';

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
