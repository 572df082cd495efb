/**
 * Runs the `warden` CLI as a user would: a separate process (`node cli/warden.js …`), its own
 * configuration folder, the server's URL in WARDEN_URL, and the exit code, stdout and stderr back.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const BIN = join(import.meta.dirname, '..', '..', 'cli', 'warden.js');

/** A CLI user: a fresh config folder, and `run(...args)` with optional extra environment. */
export function cliUser(url: string) {
  const configDir = mkdtempSync(join(tmpdir(), 'warden-cli-'));
  const run = (args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        [BIN, ...args],
        { env: { ...process.env, WARDEN_CONFIG_DIR: configDir, WARDEN_URL: url, ...env }, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
  return {
    configDir,
    run,
    /** Runs and parses stdout as JSON (`-o json` added), failing loudly with stderr when the command fails. */
    async json<T = any>(args: readonly string[], env?: Record<string, string>): Promise<T> {
      const result = await run([...args, '-o', 'json'], env);
      if (result.code !== 0) throw new Error(`warden ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
      return JSON.parse(result.stdout) as T;
    },
  };
}
