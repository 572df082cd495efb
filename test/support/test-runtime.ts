/**
 * Starts the local runtime exactly as `npm start` does (a child process running
 * infra/local/main.ts), on a free port with a fresh data directory and the test hooks on, and
 * waits for its "listening on" line. Output goes to a log file in the data directory. The runtime
 * and its java die with this process.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LOCAL_RUNTIME_NODE_FLAGS } from '../../infra/local/node-flags';

export interface TestRuntime {
  readonly url: string;
  readonly dataDir: string;
  readonly logFile: string;
  stop(): Promise<void>;
}

/** Starts a runtime; pass the `dataDir` of a stopped one to start it again on the same data. */
export async function startTestRuntime(env: Record<string, string> = {}, options: { dataDir?: string } = {}): Promise<TestRuntime> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'warden-e2e-'));
  const logFile = join(dataDir, 'runtime.log');
  const log = createWriteStream(logFile, { flags: 'a' });
  const root = resolve(import.meta.dirname, '../..');
  const child = spawn(process.execPath, [...LOCAL_RUNTIME_NODE_FLAGS, '--import', 'tsx', join(root, 'infra/local/main.ts')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      WARDEN_DATA_DIR: dataDir,
      WARDEN_TEST_HOOKS: '1',
      WARDEN_CACHE_STALENESS_SECONDS: '0',
      // One approval-timeout "minute" lasts a second, so timeouts and escalations happen within a test.
      WARDEN_APPROVAL_SECONDS_PER_MINUTE: '1',
      WARDEN_PARENT_PID: String(process.pid),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));

  const url = await new Promise<string>((done, fail) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`The runtime did not start within 90 s:\n${output}`)), 90_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        done(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`The runtime exited with code ${code}:\n${output}`));
    });
  });

  return {
    url,
    dataDir,
    logFile,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      log.end();
    },
  };
}
