/**
 * `npm start` as a newcomer runs it: whichever way it is stopped, nothing it started keeps
 * running (the runtime, its tsx wrapper, DynamoDB Local's java).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/** Is any process of process group `group` still running? */
function groupAlive(group: number): boolean {
  try {
    process.kill(-group, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves when no process of `group` is left, or fails after `timeoutMs`. */
async function groupGone(group: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(group)) {
    if (Date.now() > deadline) throw new Error(`processes of group ${group} still running after ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

let group: number | undefined;

afterEach(() => {
  if (group !== undefined && groupAlive(group)) process.kill(-group, 'SIGKILL');
  group = undefined;
});

/** Runs `npm start` in its own process group and waits until it listens. */
async function npmStart() {
  const child = spawn('npm', ['start'], {
    cwd: root,
    detached: true,
    env: { ...process.env, PORT: '0', WARDEN_DATA_DIR: mkdtempSync(join(tmpdir(), 'warden-npm-start-')) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  group = child.pid!;
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((done, fail) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/listening on http:\/\/127\.0\.0\.1:\d+/.test(output)) done();
    });
    child.once('exit', (code) => fail(new Error(`npm start exited with code ${code}:\n${output}`)));
  });
  return child;
}

describe('npm start', () => {
  it('stops everything it started when npm alone is sent SIGTERM', async () => {
    const npm = await npmStart();
    npm.kill('SIGTERM');
    await groupGone(group!, 20_000);
    expect(groupAlive(group!)).toBe(false);
  });

  it('stops everything it started on Ctrl-C (SIGINT to the whole group)', async () => {
    await npmStart();
    process.kill(-group!, 'SIGINT');
    await groupGone(group!, 20_000);
    expect(groupAlive(group!)).toBe(false);
  });
});
