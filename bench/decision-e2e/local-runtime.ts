/**
 * The local runtime as the decision benchmarks drive it: `infra/local/main.ts` in a child process
 * on DynamoDB Local in memory, a fresh data directory, and operator tokens minted with its dev key.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JWK } from 'jose';
import { LOCAL_RUNTIME_NODE_FLAGS } from '../../infra/local/node-flags';
import { signOperatorToken } from '../../shared/auth/operator-token';

const ROOT = join(import.meta.dirname, '../..');

export interface BenchRuntime {
  readonly url: string;
  /** DynamoDB Local's endpoint (raw rates, and reading counters without the API). */
  readonly dynamo: string;
  /** Mints an operator token (local dev issuer). */
  token(claims: { roles: string[]; tenant?: string }): Promise<string>;
  stop(): void;
}

/**
 * Starts the runtime; `env` adds to its environment (e.g. `WARDEN_MONITORING: 'off'`). With
 * `BENCH_RUNTIME_PROFILE=<dir>` the runtime writes a CPU profile of its whole run into that
 * directory when it stops (to see where a bench's time goes on the runtime's side).
 */
export async function startRuntime(env: Record<string, string> = {}): Promise<BenchRuntime> {
  const dataDir = mkdtempSync(join(tmpdir(), 'warden-bench-'));
  const profileDir = process.env.BENCH_RUNTIME_PROFILE;
  const profiling = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  const child = spawn(process.execPath, [...LOCAL_RUNTIME_NODE_FLAGS, ...profiling, '--import', 'tsx', 'infra/local/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      WARDEN_DATA_DIR: dataDir,
      WARDEN_DYNAMODB_IN_MEMORY: '1',
      WARDEN_LOG_LEVEL: 'ERROR',
      WARDEN_PARENT_PID: String(process.pid),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const pattern = /listening on (http:\/\/[^\s]+) \(DynamoDB Local at (http:\/\/[^\s,)]+)/;
  const line = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const found = pattern.exec(buffer);
      if (found) resolve(found[0]);
    });
    child.once('exit', (code) => reject(new Error(`runtime exited with ${code}`)));
  });
  const [, url, dynamo] = pattern.exec(line)!;
  const { privateJwk } = JSON.parse(readFileSync(join(dataDir, 'dev-credentials.json'), 'utf8')) as { privateJwk: JWK };
  return {
    url: url!,
    dynamo: dynamo!,
    token: (claims) =>
      signOperatorToken({ sub: 'bench', ...claims }, privateJwk, { issuer: 'https://warden.local/dev', audience: 'warden' }),
    stop() {
      child.kill('SIGINT');
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}

/** Calls the API; throws on an answer of 300 or more. */
export async function json(url: string, method: string, token: string, body?: unknown) {
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const parsed = (await response.json()) as Record<string, any>;
  if (response.status >= 300) throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(parsed)}`);
  return parsed;
}
