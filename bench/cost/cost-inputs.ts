/**
 * The cost model's three inputs, each a data file beside this one and each checked on load:
 * `prices.json` (list prices with their page and the date they are taken as of), `assumptions.json`
 * (the workload and what cannot be measured here: AWS round trips, stream batch shapes, log
 * volumes), and `measured.json` (what `npm run cost -- --measure` measured with the real code).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const HERE = import.meta.dirname;

const PriceSchema = z.object({
  usd: z.number().nonnegative(),
  /** What one `usd` buys, in words (`per million requests`). */
  per: z.string().min(1),
  /** The public page the price is listed on. */
  page: z.string().min(1),
  note: z.string().optional(),
});

/** The prices the model uses, by id. */
export const PRICE_IDS = [
  'apiGatewayHttpRequestsPerMillion',
  'lambdaRequestsPerMillion',
  'lambdaArmGbSecond',
  'dynamodbWriteUnitsPerMillion',
  'dynamodbReadUnitsPerMillion',
  'dynamodbStreamsReadUnitsPerMillion',
  'eventBridgeCustomEventsPerMillion',
  'pipesRequestsPerMillion',
  'xrayTracesRecordedPerMillion',
  'cloudWatchLogsIngestedPerGb',
  'verifiedPermissionsPerMillion',
  'agentCorePolicyPerMillion',
] as const;
export type PriceId = (typeof PRICE_IDS)[number];

export const PricesSchema = z
  .object({
    region: z.literal('us-east-1'),
    currency: z.literal('USD'),
    /** The date the prices are taken as of (YYYY-MM-DD). */
    asOf: z.iso.date(),
    source: z.string().min(1),
    prices: z.object(Object.fromEntries(PRICE_IDS.map((id) => [id, PriceSchema])) as Record<PriceId, typeof PriceSchema>).strict(),
  })
  .strict();
export type Prices = z.infer<typeof PricesSchema>;

const MeterBatchSchema = z.object({ records: z.number().int().positive(), agents: z.number().int().positive() }).strict();

export const AssumptionsSchema = z
  .object({
    workload: z
      .object({
        /** Sustained rate: sets how long a million decisions take, hence time-based costs (cache refreshes, polling, trace reservoirs). */
        decisionsPerSecond: z.number().positive(),
        activeAgents: z.number().int().positive(),
        /** WARDEN_CACHE_STALENESS_SECONDS (default 1). */
        cacheStalenessSeconds: z.number().nonnegative(),
        warmInstances: z
          .object({
            authorize: z.number().int().positive(),
            agentAuthorizer: z.number().int().positive(),
            usageMeter: z.number().int().positive(),
            relay: z.number().int().positive(),
          })
          .strict(),
      })
      .strict(),
    lambda: z
      .object({
        /** Memory of a function the manifest gives none (infra/cdk/functions.ts). */
        defaultMemoryMb: z.number().int().positive(),
        /** One PutItem / GetItem / UpdateItem from Lambda to DynamoDB in the same region. */
        dynamodbRoundTripMs: z.number().nonnegative(),
        /** One round of BatchWriteItem calls of 25 items, sent in parallel. */
        batchWriteRoundTripMs: z.number().nonnegative(),
        /** One TransactWriteItems. */
        transactRoundTripMs: z.number().nonnegative(),
        /** Runtime, middy and event (de)serialisation per invocation, beyond the measured own time. */
        invocationOverheadMs: z.number().nonnegative(),
        /** Billed INIT of a cold start, and how long an instance lives before it is replaced. */
        coldStartInitMs: z.number().nonnegative(),
        instanceLifetimeHours: z.number().positive(),
      })
      .strict(),
    apiGateway: z
      .object({
        /**
         * `http-api` as built (API Gateway + the Lambda authorizer); `function-url`: agents call a Lambda
         * function URL and the handler checks the key.
         */
        frontDoor: z.enum(['http-api', 'function-url']),
        authorizerResultsCacheTtlSeconds: z.number().nonnegative(),
        requestMeteringKb: z.number().positive(),
      })
      .strict(),
    stream: z
      .object({
        /**
         * `pipe` as built (EventBridge Pipe with the relay as enrichment); `event-source-mapping`: the
         * relay reads the stream itself (free reads, INSERT filter) and puts the events.
         */
        relayVia: z.enum(['pipe', 'event-source-mapping']),
        /** The audit pipe's source batch size (infra/cdk/events.ts). */
        pipeBatchRecords: z.number().int().positive(),
        /** Stream batches the usage meter gets; the first is the one costed, the others are shown for comparison. */
        meterBatches: z.array(MeterBatchSchema).min(1),
        streamShards: z.number().int().positive(),
        pipePollsPerSecondPerShard: z.number().nonnegative(),
        /** The pipe has no filter, so TTL deletions (REMOVE records) go through it too. */
        ttlRemovalsReachPipe: z.boolean(),
        /** Pipes bills each record of a batch as a request (true), or each batch (false). */
        pipeBillsEachRecord: z.boolean(),
        /** Decision.Made events the relay puts on the bus per decision (1 as built). */
        busEventsPerDecision: z.number().nonnegative(),
      })
      .strict(),
    observability: z
      .object({
        xray: z.object({ reservoirPerSecond: z.number().nonnegative(), rate: z.number().min(0).max(1) }).strict(),
        logBytes: z
          .object({
            lambdaPlatformPerInvocation: z.number().nonnegative(),
            authorizeAccessLinePerCall: z.number().nonnegative(),
            apiGatewayAccessLinePerCall: z.number().nonnegative(),
          })
          .strict(),
      })
      .strict(),
    goals: z.object({ singleUsdPerMillion: z.number().positive(), batch100UsdPerMillion: z.number().positive() }).strict(),
  })
  .strict();
export type Assumptions = z.infer<typeof AssumptionsSchema>;

const TimingSchema = z.object({ runs: z.number(), meanMs: z.number(), p50Ms: z.number(), p90Ms: z.number(), p99Ms: z.number() }).strict();
export type Timing = z.infer<typeof TimingSchema>;

const UnitsSchema = z
  .object({
    calls: z.record(z.string(), z.number()),
    readUnits: z.number().nonnegative(),
    tableWriteUnits: z.number().nonnegative(),
    indexWriteUnits: z.number().nonnegative(),
  })
  .strict();
export type Units = z.infer<typeof UnitsSchema>;

const SizeSchema = z.object({ bytes: z.number().int().positive(), writeUnits: z.number().int().positive() }).strict();

const MeterShapeSchema = z
  .object({
    records: z.number().int().positive(),
    agents: z.number().int().positive(),
    /** Usage counter items (tenant, day, agent) the batch's records fall in: one conditional write each. */
    items: z.number().int().positive(),
    perBatch: UnitsSchema,
    own: TimingSchema,
  })
  .strict();
export type MeterShape = z.infer<typeof MeterShapeSchema>;

export const MeasuredSchema = z
  .object({
    measuredAt: z.iso.datetime(),
    machine: z
      .object({ node: z.string(), cpus: z.number(), loadAverageBefore: z.array(z.number()), loadAverageAfter: z.array(z.number()) })
      .strict(),
    typicalRequest: z.record(z.string(), z.unknown()),
    auditItem: z
      .object({
        bytes: z.number().int().positive(),
        writeUnits: z.number().int().positive(),
        attributes: z.record(z.string(), z.number()),
        batchItemBytes: z.object({ min: z.number(), max: z.number() }).strict(),
        gsi1: z.object({ projection: z.literal('ALL'), bytes: z.number(), keysOnlyBytes: z.number() }).strict(),
        options: z.object({ withoutEvent: SizeSchema, withoutEventAndRedundant: SizeSchema }).strict(),
      })
      .strict(),
    dynamodb: z
      .object({
        single: UnitsSchema,
        batch100: UnitsSchema,
        singleWithIdempotencyKey: UnitsSchema,
        singleWithQuotas: UnitsSchema,
        batch100WithQuotas: UnitsSchema,
        refreshPerSecond: z.object({ authorize: UnitsSchema, agentAuthorizer: UnitsSchema }).strict(),
        lastSeenWrite: UnitsSchema,
      })
      .strict(),
    timing: z
      .object({
        authorizeSingleOwn: TimingSchema,
        authorizeBatch100Own: TimingSchema,
        authorizeSingleWallDynamoDbLocal: TimingSchema,
        authorizeBatch100WallDynamoDbLocal: TimingSchema,
        agentAuthorizerOwn: TimingSchema,
        relayOwnPerBatch: TimingSchema.extend({ records: z.number().int().positive() }),
      })
      .strict(),
    meter: z.array(MeterShapeSchema).min(1),
    event: z.object({ putEventsEntryBytes: z.number().int().positive() }).strict(),
  })
  .strict();
export type Measured = z.infer<typeof MeasuredSchema>;

const readJson = (file: string): unknown => JSON.parse(readFileSync(join(HERE, file), 'utf8'));

/** The data files, checked. */
export const loadPrices = (): Prices => PricesSchema.parse(readJson('prices.json'));
export const loadAssumptions = (): Assumptions => AssumptionsSchema.parse(readJson('assumptions.json'));
export const loadMeasured = (): Measured => MeasuredSchema.parse(readJson('measured.json'));
