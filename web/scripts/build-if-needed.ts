/**
 * `npm start` runs this first (prestart): builds the console into web/dist when it is missing or
 * older than its sources, so a fresh clone serves it at / without a separate step.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';

const WEB = join(import.meta.dirname, '..');
const BUILT = join(WEB, 'dist', 'index.html');

/** The newest modification time among the console's sources (ms). */
function newestSource(): number {
  let newest = 0;
  const visit = (path: string) => {
    const stat = statSync(path);
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const source of ['src', 'index.html', 'vite.config.ts']) visit(join(WEB, source));
  return newest;
}

export function consoleIsStale(): boolean {
  return !existsSync(BUILT) || statSync(BUILT).mtimeMs < newestSource();
}

/** Builds the console when it is stale; true when it built. */
export async function buildConsoleIfNeeded(): Promise<boolean> {
  if (!consoleIsStale()) return false;
  console.log('Building the console (web/dist)...');
  // React's production build and JSX runtime, even from a process whose NODE_ENV says otherwise (the test runner's).
  const given = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(WEB, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
  } finally {
    if (given === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = given;
  }
  return true;
}

/** The built console's directory. */
export const CONSOLE_DIST = join(WEB, 'dist');

if (process.argv[1] === import.meta.filename) await buildConsoleIfNeeded();
