/**
 * `npm start`: runs Warden locally until Ctrl-C. Everything it starts (DynamoDB Local's java
 * included) stops with it — also when only npm is stopped: npm does not pass SIGTERM on to the
 * runtime, so `npm start` hands it npm's pid (WARDEN_PARENT_PID) to watch.
 */
import { JAVA_HELP, javaMajorVersion } from './java';
import { readLocalConfig } from './local-config';
import { startLocalRuntime } from './runtime';

async function main() {
  const config = readLocalConfig();
  const java = javaMajorVersion();
  if (java === undefined || java < 17) {
    console.error(JAVA_HELP);
    process.exit(1);
  }
  const runtime = await startLocalRuntime(config);
  console.log(
    `Warden listening on ${runtime.url} (DynamoDB Local at ${runtime.dynamoDbEndpoint}, data in ${config.dynamoDbInMemory ? 'memory' : config.dataDir})`,
  );
  console.log(`Mint an operator token with: npm run token -- --role platform-admin`);

  let stopping = false;
  const shutdown = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Stopping (${reason})...`);
    await runtime.stop();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal));
  if (config.parentPid !== undefined) {
    const parentPid = config.parentPid;
    setInterval(() => {
      try {
        process.kill(parentPid, 0);
      } catch {
        void shutdown('parent process gone');
      }
    }, 500).unref();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
