/**
 * The local runtime: the whole of Warden on one machine with no AWS account. It starts DynamoDB
 * Local, creates the tables from the manifest, points the functions' SDK clients at local
 * endpoints (AWS_ENDPOINT_URL_*), and serves the HTTP API, the event bus and the stream pipes —
 * all from the same manifest the CDK app deploys.
 */
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { importJWK } from 'jose';
import { createOperatorTokenVerifier } from '../../shared/auth/operator-token';
import { processTestClock, systemClock } from '../../shared/kernel/clock';
import { MANIFEST } from '../../shared/manifest';
import { tableEnvName, type TableId } from '../../shared/manifest/tables';
import { functionEnvironment } from '../../shared/manifest/function-environment';
import { createAwsEndpoint } from './aws-endpoint';
import { localDeadLetterQueueOperations, localDeadLetterQueueUrl } from './dead-letter-queue';
import { LOCAL_TOKEN_SETTINGS, loadOrCreateDevCredentials } from './dev-credentials';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local';
import { createLocalEventBus } from './event-bus';
import { createFunctionHost } from './function-host';
import { createHttpApi } from './http-api';
import type { LocalConfig } from './local-config';
import { freePort } from './ports';
import { createLocalObjectStorage } from './object-storage';
import { createLocalStepFunctions, localStateMachineArn } from './step-functions';
import { consumerDelivery, pipeDelivery, type StreamDelivery, startStreamTap } from './stream-pipe';
import { ensureTables } from './table-setup';
import { createLocalScheduler } from './scheduler';
import { createConsoleServer } from './console-server';
import { createTestHooks } from './test-hooks';

type ExtraHandler = NonNullable<Parameters<typeof createHttpApi>[0]['extraHandler']>;

/** Asks each handler in turn; the first that answers ends the request. */
const firstAnswer =
  (handlers: readonly ExtraHandler[]): ExtraHandler =>
  async (...args) => {
    for (const handler of handlers) if (await handler(...args)) return true;
    return false;
  };

export const REPOSITORY_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** Physical table names in the local runtime. */
export const localTableName = (id: TableId): string => `warden-${id}`;
/** Bucket names in the local runtime. */
export const localBucketName = (id: string): string => `warden-${id}`;

export interface LocalRuntime {
  readonly url: string;
  readonly dynamoDbEndpoint: string;
  stop(): Promise<void>;
}

const listen = (server: Server, port: number) =>
  new Promise<number>((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      done(typeof address === 'object' && address ? address.port : port);
    });
  });

const close = (server: Server) =>
  new Promise<void>((done) => {
    server.closeAllConnections();
    server.close(() => done());
  });

function log(message: string, extra: Record<string, unknown> = {}) {
  console.log(JSON.stringify({ level: 'INFO', service: 'warden-local', message, ...extra }));
}

/** Starts everything; resolves once the HTTP API accepts requests. */
export async function startLocalRuntime(config: LocalConfig): Promise<LocalRuntime> {
  const credentials = await loadOrCreateDevCredentials(config.dataDir);
  const dynamoOptions = {
    ...(config.dynamoDbInMemory ? {} : { dataDir: join(config.dataDir, 'dynamodb') }),
    ...(config.dynamoDbPort === 0 ? {} : { port: config.dynamoDbPort }),
    ...(config.parentPid === undefined ? {} : { parentPid: config.parentPid }),
  };
  let dynamo: DynamoDbLocal = await startDynamoDbLocal(dynamoOptions);
  let dynamoUp = true;
  /** Fault tests: the database goes away for `downMs` and comes back on the same port with its data. */
  const database = {
    async restart(downMs: number) {
      dynamoUp = false;
      await dynamo.stop();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      dynamo = await startDynamoDbLocal({ ...dynamoOptions, port: dynamo.port });
      dynamoUp = true;
    },
    /** Fault tests: the database hangs (accepts connections, answers nothing) for `stallMs`. */
    async stall(stallMs: number) {
      dynamo.pause();
      await new Promise((resolve) => setTimeout(resolve, stallMs));
      dynamo.resume();
    },
    isUp: () => dynamoUp,
  };
  const stoppers: (() => Promise<void>)[] = [() => dynamo.stop()];
  const stop = async () => {
    for (const stopOne of stoppers.reverse()) await stopOne().catch(() => undefined);
  };

  try {
    const awsPort = await freePort();
    const awsEndpoint = `http://127.0.0.1:${awsPort}`;
    const s3Port = await freePort();
    const sdkConfig = { endpoint: dynamo.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
    const tableIds = Object.keys(MANIFEST.tables) as TableId[];

    // The functions' environment: the AWS SDK pointed at the local endpoints, and the contract's
    // variables, as the CDK app sets them on AWS.
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB_STREAMS: dynamo.endpoint,
      AWS_ENDPOINT_URL_EVENTBRIDGE: awsEndpoint,
      AWS_ENDPOINT_URL_SFN: awsEndpoint,
      AWS_ENDPOINT_URL_SQS: awsEndpoint,
      AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${s3Port}`,
      ...functionEnvironment({
        ...Object.fromEntries(Object.values(MANIFEST.buckets).map((bucket) => [bucket.envName, localBucketName(bucket.id)])),
        [MANIFEST.eventBus.envName]: MANIFEST.eventBus.localName,
        WARDEN_CURSOR_SECRET: credentials.cursorSecret,
        WARDEN_BUNDLE_SECRET: credentials.bundleSecret,
        WARDEN_CACHE_STALENESS_SECONDS: String(config.cacheStalenessSeconds),
        WARDEN_OPERATOR_TOKEN_MAX_LIFETIME_SECONDS: String(config.operatorTokenMaxLifetimeSeconds),
        WARDEN_TEST_HOOKS: config.testHooks ? '1' : '0',
        // Locally a developer's (and the tests') webhook receivers listen on loopback.
        WARDEN_WEBHOOK_LOOPBACK: 'allow',
        WARDEN_APPROVAL_SECONDS_PER_MINUTE: String(config.approvalSecondsPerMinute),
        WARDEN_DEAD_LETTER_QUEUES: localDeadLetterQueueUrl(awsEndpoint),
        ...Object.fromEntries(Object.values(MANIFEST.workflows).map((workflow) => [workflow.envName, localStateMachineArn(workflow.id)])),
        POWERTOOLS_LOG_LEVEL: config.logLevel,
        POWERTOOLS_SERVICE_NAME: 'warden',
        POWERTOOLS_METRICS_DISABLED: 'true',
        ...Object.fromEntries(tableIds.map((id) => [tableEnvName(id), localTableName(id)])),
      }),
    });

    const dynamoClient = new DynamoDBClient(sdkConfig);
    stoppers.push(async () => dynamoClient.destroy());
    const created = await ensureTables(
      dynamoClient,
      tableIds.map((id) => ({ definition: MANIFEST.tables[id], tableName: localTableName(id) })),
    );
    if (created.length > 0) log('created tables', { tables: created });

    const clock = config.testHooks ? processTestClock : systemClock;
    const host = createFunctionHost(REPOSITORY_ROOT);
    await host.warm(MANIFEST.functions.map((fn) => fn.id));

    const bus = createLocalEventBus({
      busName: MANIFEST.eventBus.localName,
      rules: MANIFEST.eventRules,
      host,
      nowMs: () => clock.nowMs(),
      deadLetterFile: join(config.dataDir, 'dead-letters.jsonl'),
      log,
    });
    const stepFunctions = createLocalStepFunctions({
      workflows: Object.values(MANIFEST.workflows),
      rootDir: REPOSITORY_ROOT,
      host,
      stateFile: join(config.dataDir, 'step-functions-executions.json'),
      log,
    });
    const aws = createAwsEndpoint({
      'AWSEvents.PutEvents': (input) => bus.putEvents((input.Entries as never[]) ?? []),
      ...stepFunctions.operations,
      ...localDeadLetterQueueOperations({
        queueUrl: localDeadLetterQueueUrl(awsEndpoint),
        file: join(config.dataDir, 'dead-letters.jsonl'),
      }),
    });
    await listen(aws, awsPort);
    stoppers.push(async () => {
      await close(aws);
      await bus.idle();
    });
    stoppers.push(() => stepFunctions.stop());
    const objectStorage = createLocalObjectStorage({
      rootDir: join(config.dataDir, 'object-storage'),
      buckets: Object.values(MANIFEST.buckets).map((bucket) => localBucketName(bucket.id)),
    });
    await listen(objectStorage, s3Port);
    stoppers.push(() => close(objectStorage));

    const switchedOn = (part: { monitoring?: boolean }) => config.monitoring || !part.monitoring;
    const streams = new DynamoDBStreamsClient(sdkConfig);
    stoppers.push(async () => streams.destroy());
    const readers: {
      id: string;
      table: TableId;
      eventNames: readonly string[];
      deliver: StreamDelivery;
      batchSize?: number;
      batchingWindowMs?: number;
    }[] = [
      ...MANIFEST.streamFlows.map((flow) => ({
        id: flow.id,
        table: flow.table,
        eventNames: flow.eventNames,
        deliver: pipeDelivery(flow, host, bus),
      })),
      ...MANIFEST.streamConsumers.filter(switchedOn).map((consumer) => ({
        id: consumer.id,
        table: consumer.table,
        eventNames: consumer.eventNames,
        deliver: consumerDelivery(consumer, host),
        batchSize: consumer.batchSize,
        ...(consumer.batchingWindowSeconds === undefined ? {} : { batchingWindowMs: consumer.batchingWindowSeconds * 1000 }),
      })),
    ];
    // One reader per table's stream, for all of its flows and consumers (each with its own lane and checkpoint).
    for (const table of new Set(readers.map((reader) => reader.table))) {
      const described = await dynamoClient.send(new DescribeTableCommand({ TableName: localTableName(table) }));
      const streamArn = described.Table?.LatestStreamArn;
      if (!streamArn) throw new Error(`Table ${table} has no stream`);
      const started = startStreamTap({
        id: `${table}-stream`,
        streamArn,
        streams,
        consumers: readers
          .filter((reader) => reader.table === table)
          .map(({ table: _, ...reader }) => ({ ...reader, checkpointFile: join(config.dataDir, `stream-${reader.id}.checkpoint.json`) })),
        deadLetterFile: join(config.dataDir, 'dead-letters.jsonl'),
        log,
      });
      stoppers.push(() => started.stop());
    }

    const scheduler = createLocalScheduler({ schedules: MANIFEST.schedules.filter(switchedOn), host, clock, log });
    stoppers.push(() => scheduler.stop());

    const publicJwk = await importJWK(credentials.publicJwk, 'ES256');
    // The gateway's check, against the machine's clock as API Gateway's is (the test clock moves only domain time).
    const verify = createOperatorTokenVerifier(publicJwk, {
      ...LOCAL_TOKEN_SETTINGS,
      lifetime: { maxLifetimeSeconds: config.operatorTokenMaxLifetimeSeconds },
    });
    const api = createHttpApi({
      routes: MANIFEST.routes,
      host,
      verifyOperatorToken: async (token) => (await verify(token)).raw,
      nowMs: () => clock.nowMs(),
      // The console first: the test hooks answer every other /_local/ path (404 when unknown).
      extraHandler: firstAnswer([
        createConsoleServer({
          distDir: join(REPOSITORY_ROOT, 'web', 'dist'),
          credentials,
          ...(config.consoleOidc ? { oidc: config.consoleOidc } : {}),
        }),
        ...(config.testHooks
          ? [
              createTestHooks({
                clock: processTestClock,
                bus,
                stepFunctions,
                scheduler,
                ...(config.dynamoDbInMemory ? {} : { database }),
              }),
            ]
          : []),
      ]),
      onError: (error) =>
        console.error(JSON.stringify({ level: 'ERROR', service: 'warden-local', message: 'unhandled', error: String(error) })),
    });
    const port = await listen(api, config.port);
    stoppers.push(() => close(api));
    // Executions that were waiting when the runtime last stopped carry on (their steps are idempotent).
    stepFunctions.resume();

    return { url: `http://127.0.0.1:${port}`, dynamoDbEndpoint: dynamo.endpoint, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
