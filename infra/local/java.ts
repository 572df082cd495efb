/**
 * Checks that Java 17+ is installed (DynamoDB Local needs it) and explains how to get it.
 */
import { spawnSync } from 'node:child_process';

/** The message shown when Java is missing or too old. */
export const JAVA_HELP = [
  'DynamoDB Local needs Java 17 or newer, and `java` was not found (or is older).',
  'Install it, then run the command again:',
  '  Debian/Ubuntu:  sudo apt-get install -y openjdk-17-jre-headless',
  '  macOS:          brew install openjdk@17',
  '  Other systems:  https://adoptium.net',
].join('\n');

/** The major version of the `java` on PATH, or undefined when there is none. */
export function javaMajorVersion(): number | undefined {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return undefined;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  if (!match) return undefined;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
}

/** Throws with JAVA_HELP unless Java 17+ is available. */
export function requireJava(): void {
  const major = javaMajorVersion();
  if (major === undefined || major < 17) throw new Error(JAVA_HELP);
}
