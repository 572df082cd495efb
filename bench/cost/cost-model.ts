/**
 * The cost of one million audited decisions on AWS, per scenario (single `/v1/authorize` calls,
 * batches of 100) and per service, computed from list prices, explicit assumptions and what was
 * measured with the real code. Pure: no I/O, so every figure can be checked by a unit test.
 */
import type { Assumptions, Measured, MeterShape, PriceId, Prices, Units } from './cost-inputs';

/** Every figure is per this many decisions. */
export const DECISIONS = 1_000_000;

/** The two ways agents send the million decisions. */
export type ScenarioId = 'single' | 'batch100';
export const SCENARIOS: readonly { readonly id: ScenarioId; readonly title: string; readonly decisionsPerCall: number }[] = [
  { id: 'single', title: 'single /v1/authorize calls', decisionsPerCall: 1 },
  { id: 'batch100', title: 'batches of 100 (/v1/authorize/batch)', decisionsPerCall: 100 },
];

/** The functions a decision runs through, and their memory as the CDK app sets it. */
export type FunctionId = 'agent-authorizer' | 'authorize' | 'usage-meter' | 'audit-stream-relay';
export type MemoryMb = Readonly<Record<FunctionId, number>>;

/** Everything the model computes from. */
export interface CostInputs {
  readonly prices: Prices;
  readonly assumptions: Assumptions;
  readonly measured: Measured;
  readonly memoryMb: MemoryMb;
}

/** The AWS services a decision is billed by. */
export type Service = 'API Gateway' | 'Lambda' | 'DynamoDB' | 'DynamoDB Streams' | 'EventBridge' | 'X-Ray' | 'CloudWatch Logs';

/** One priced quantity. */
export interface CostLine {
  readonly service: Service;
  readonly item: string;
  /** How many of the price's unit (per million decisions). */
  readonly quantity: number;
  readonly unit: string;
  readonly price: PriceId;
  /** How many of the unit the price is for (1,000,000 for a price per million). */
  readonly perUnits: number;
  readonly usd: number;
}

/** One scenario's lines, totals per service, total and goal. */
export interface ScenarioCost {
  readonly scenario: ScenarioId;
  readonly title: string;
  readonly calls: number;
  readonly seconds: number;
  readonly lines: readonly CostLine[];
  readonly byService: Readonly<Record<Service, number>>;
  readonly total: number;
  readonly goal: number;
  readonly meetsGoal: boolean;
  /** Billed milliseconds per invocation, as the model assumes them. */
  readonly billedMs: Readonly<Record<FunctionId, number>>;
}

const SERVICES: readonly Service[] = ['API Gateway', 'Lambda', 'DynamoDB', 'DynamoDB Streams', 'EventBridge', 'X-Ray', 'CloudWatch Logs'];

/** Lambda bills duration in whole milliseconds, at least one. */
export const billedMs = (ms: number): number => Math.max(1, Math.ceil(ms));

/**
 * Traces X-Ray records for a function invoked `invocations` times over `seconds` under the default
 * sampling rule: the first `reservoirPerSecond` requests of each second, then `rate` of the rest.
 */
export function tracesRecorded(invocations: number, seconds: number, sampling: { reservoirPerSecond: number; rate: number }): number {
  const perSecond = invocations / seconds;
  const reservoir = Math.min(perSecond, sampling.reservoirPerSecond);
  return seconds * (reservoir + sampling.rate * Math.max(0, perSecond - reservoir));
}

/** The usage meter's measured stream batch of the given shape (throws when it was not measured). */
function meterShape(measured: Measured, shape: { records: number; agents: number }): MeterShape {
  const found = measured.meter.find((candidate) => candidate.records === shape.records && candidate.agents === shape.agents);
  if (!found)
    throw new Error(`No measured usage-meter batch of ${shape.records} records from ${shape.agents} agents: run npm run cost -- --measure`);
  return found;
}

/** Agent authorizer invocations: every call when the gateway does not cache, else one per agent and TTL while calls keep coming. */
export function authorizerInvocations(calls: number, seconds: number, agents: number, ttlSeconds: number): number {
  if (ttlSeconds <= 0) return calls;
  return Math.min(calls, agents * seconds * Math.min(calls / seconds / agents, 1 / ttlSeconds));
}

/** The cost of a million decisions in one scenario, line by line. */
export function scenarioCost(inputs: CostInputs, scenario: ScenarioId): ScenarioCost {
  const { prices, assumptions: a, measured: m, memoryMb } = inputs;
  const spec = SCENARIOS.find((candidate) => candidate.id === scenario)!;
  const calls = DECISIONS / spec.decisionsPerCall;
  const seconds = DECISIONS / a.workload.decisionsPerSecond;
  const lines: CostLine[] = [];
  const line = (service: Service, item: string, quantity: number, unit: string, price: PriceId, perUnits: number) => {
    lines.push({ service, item, quantity, unit, price, perUnits, usd: (quantity / perUnits) * prices.prices[price].usd });
  };
  const perMillion = 1_000_000;
  const gbSeconds = (fn: FunctionId, invocations: number, ms: number) => (invocations * billedMs(ms) * memoryMb[fn]) / 1024 / 1000;

  // API Gateway: one request per call (bodies are far below the 512 KB metering step); none behind a function URL.
  const httpApi = a.apiGateway.frontDoor === 'http-api';
  const bodyBytes = Buffer.byteLength(JSON.stringify(m.typicalRequest)) * spec.decisionsPerCall + 16;
  if (httpApi)
    line(
      'API Gateway',
      'HTTP API requests',
      calls * Math.ceil(bodyBytes / (a.apiGateway.requestMeteringKb * 1024)),
      'requests',
      'apiGatewayHttpRequestsPerMillion',
      perMillion,
    );

  // Lambda: the agent authorizer, the handler, the usage meter, the relay.
  const units: Units = scenario === 'single' ? m.dynamodb.single : m.dynamodb.batch100;
  const own = scenario === 'single' ? m.timing.authorizeSingleOwn : m.timing.authorizeBatch100Own;
  const writeTripMs = scenario === 'single' ? a.lambda.dynamodbRoundTripMs : a.lambda.batchWriteRoundTripMs;
  const shape = meterShape(m, a.stream.meterBatches[0]!);
  const viaPipe = a.stream.relayVia === 'pipe';
  const streamRecords = DECISIONS * (viaPipe && a.stream.ttlRemovalsReachPipe ? 2 : 1);
  const invocations: Record<FunctionId, number> = {
    'agent-authorizer': httpApi
      ? authorizerInvocations(calls, seconds, a.workload.activeAgents, a.apiGateway.authorizerResultsCacheTtlSeconds)
      : 0,
    authorize: calls,
    'usage-meter': DECISIONS / shape.records,
    'audit-stream-relay': streamRecords / a.stream.pipeBatchRecords,
  };
  // The meter writes its agents' days 16 at a time (one round trip per 16), and reads positions only after a refused write.
  const meterTrips = Math.ceil(shape.items / 16) + (shape.perBatch.readUnits > 0 ? 1 : 0);
  const durations: Record<FunctionId, number> = {
    'agent-authorizer': billedMs(m.timing.agentAuthorizerOwn.meanMs + a.lambda.invocationOverheadMs),
    authorize: billedMs(own.meanMs + (httpApi ? 0 : m.timing.agentAuthorizerOwn.meanMs) + writeTripMs + a.lambda.invocationOverheadMs),
    'usage-meter': billedMs(shape.own.meanMs + meterTrips * a.lambda.dynamodbRoundTripMs + a.lambda.invocationOverheadMs),
    'audit-stream-relay': billedMs(
      (m.timing.relayOwnPerBatch.meanMs * a.stream.pipeBatchRecords) / m.timing.relayOwnPerBatch.records + a.lambda.invocationOverheadMs,
    ),
  };
  const warm: Record<FunctionId, number> = {
    'agent-authorizer': a.workload.warmInstances.agentAuthorizer,
    authorize: a.workload.warmInstances.authorize,
    'usage-meter': a.workload.warmInstances.usageMeter,
    'audit-stream-relay': a.workload.warmInstances.relay,
  };
  const fns: FunctionId[] = ['agent-authorizer', 'authorize', 'usage-meter', 'audit-stream-relay'];
  for (const fn of fns) {
    if (invocations[fn] === 0) continue;
    line('Lambda', `${fn}: invocations`, invocations[fn], 'invocations', 'lambdaRequestsPerMillion', perMillion);
    line(
      'Lambda',
      `${fn}: ${memoryMb[fn]} MB × ${durations[fn]} ms`,
      gbSeconds(fn, invocations[fn], durations[fn]),
      'GB-s',
      'lambdaArmGbSecond',
      1,
    );
  }
  const coldStarts = fns.reduce(
    (sum, fn) =>
      sum + ((warm[fn] * seconds) / 3600 / a.lambda.instanceLifetimeHours) * (a.lambda.coldStartInitMs / 1000) * (memoryMb[fn] / 1024),
    0,
  );
  line(
    'Lambda',
    `cold starts (INIT ${a.lambda.coldStartInitMs} ms, an instance every ${a.lambda.instanceLifetimeHours} h)`,
    coldStarts,
    'GB-s',
    'lambdaArmGbSecond',
    1,
  );

  // DynamoDB: the audit records (table and gsi1), the meter's counters, cache refreshes, lastSeenAt.
  line(
    'DynamoDB',
    'audit records: table writes',
    DECISIONS * units.tableWriteUnits,
    'write units',
    'dynamodbWriteUnitsPerMillion',
    perMillion,
  );
  line(
    'DynamoDB',
    'audit records: gsi1 writes (projection ALL)',
    DECISIONS * units.indexWriteUnits,
    'write units',
    'dynamodbWriteUnitsPerMillion',
    perMillion,
  );
  if (units.readUnits > 0)
    line('DynamoDB', 'reads on the decision path', DECISIONS * units.readUnits, 'read units', 'dynamodbReadUnitsPerMillion', perMillion);
  line(
    'DynamoDB',
    `usage meter: one counter write per agent's day (${shape.records}-record batches, ${shape.items} agents)`,
    invocations['usage-meter'] * (shape.perBatch.tableWriteUnits + shape.perBatch.indexWriteUnits),
    'write units',
    'dynamodbWriteUnitsPerMillion',
    perMillion,
  );
  if (shape.perBatch.readUnits > 0)
    line(
      'DynamoDB',
      'usage meter: position reads (redelivered batches)',
      invocations['usage-meter'] * shape.perBatch.readUnits,
      'read units',
      'dynamodbReadUnitsPerMillion',
      perMillion,
    );
  const refreshReads =
    seconds *
    (warm.authorize * m.dynamodb.refreshPerSecond.authorize.readUnits +
      warm['agent-authorizer'] * m.dynamodb.refreshPerSecond.agentAuthorizer.readUnits);
  line(
    'DynamoDB',
    `cache refreshes (${a.workload.cacheStalenessSeconds} s staleness, warm instances)`,
    refreshReads,
    'read units',
    'dynamodbReadUnitsPerMillion',
    perMillion,
  );
  const lastSeenWrites = Math.min(invocations['agent-authorizer'], (a.workload.activeAgents * warm['agent-authorizer'] * seconds) / 60);
  line(
    'DynamoDB',
    'agents lastSeenAt (once a minute per agent and instance)',
    lastSeenWrites * (m.dynamodb.lastSeenWrite.tableWriteUnits + m.dynamodb.lastSeenWrite.indexWriteUnits),
    'write units',
    'dynamodbWriteUnitsPerMillion',
    perMillion,
  );

  // DynamoDB Streams: event source mappings read for free; the pipe's polling is billed.
  if (viaPipe)
    line(
      'DynamoDB Streams',
      `pipe GetRecords (${a.stream.streamShards} shards × ${a.stream.pipePollsPerSecondPerShard}/s)`,
      a.stream.streamShards * a.stream.pipePollsPerSecondPerShard * seconds,
      'read units',
      'dynamodbStreamsReadUnitsPerMillion',
      perMillion,
    );

  // EventBridge: the pipe's requests (INSERT and, with no filter, TTL REMOVE records), and Decision.Made on the bus.
  const pipeRequests = a.stream.pipeBillsEachRecord ? streamRecords : streamRecords / a.stream.pipeBatchRecords;
  if (viaPipe)
    line(
      'EventBridge',
      `Pipes requests (${a.stream.ttlRemovalsReachPipe ? 'INSERT + TTL REMOVE records' : 'INSERT records'})`,
      pipeRequests,
      'requests',
      'pipesRequestsPerMillion',
      perMillion,
    );
  const chunks = Math.ceil(m.event.putEventsEntryBytes / 65_536);
  line(
    'EventBridge',
    `Decision.Made events (${m.event.putEventsEntryBytes} B each)`,
    DECISIONS * a.stream.busEventsPerDecision * chunks,
    'events',
    'eventBridgeCustomEventsPerMillion',
    perMillion,
  );

  // Observability as the CDK app configures it: active tracing on every function, logs.
  const traces = fns.reduce((sum, fn) => sum + tracesRecorded(invocations[fn], seconds, a.observability.xray), 0);
  line(
    'X-Ray',
    `traces (reservoir ${a.observability.xray.reservoirPerSecond}/s + ${a.observability.xray.rate * 100}%)`,
    traces,
    'traces',
    'xrayTracesRecordedPerMillion',
    perMillion,
  );
  const { logBytes } = a.observability;
  const bytes =
    fns.reduce((sum, fn) => sum + invocations[fn] * logBytes.lambdaPlatformPerInvocation, 0) +
    calls * (logBytes.authorizeAccessLinePerCall + (httpApi ? logBytes.apiGatewayAccessLinePerCall : 0));
  line('CloudWatch Logs', 'Lambda platform lines, access lines', bytes / 1e9, 'GB', 'cloudWatchLogsIngestedPerGb', 1);

  const byService = Object.fromEntries(
    SERVICES.map((service) => [service, lines.filter((entry) => entry.service === service).reduce((sum, entry) => sum + entry.usd, 0)]),
  ) as Record<Service, number>;
  const total = lines.reduce((sum, entry) => sum + entry.usd, 0);
  const goal = scenario === 'single' ? a.goals.singleUsdPerMillion : a.goals.batch100UsdPerMillion;
  return { scenario, title: spec.title, calls, seconds, lines, byService, total, goal, meetsGoal: total <= goal, billedMs: durations };
}

/** A change that would lower the cost, expressed as changed inputs. */
export interface Lever {
  readonly id: string;
  readonly description: string;
  readonly apply: (inputs: CostInputs) => CostInputs;
}

const withUnits = (inputs: CostInputs, change: (units: Units) => Units): CostInputs => ({
  ...inputs,
  measured: {
    ...inputs.measured,
    dynamodb: {
      ...inputs.measured.dynamodb,
      single: change(inputs.measured.dynamodb.single),
      batch100: change(inputs.measured.dynamodb.batch100),
    },
  },
});

/** The levers, in the order they are applied one on top of the other. */
export const LEVERS: readonly Lever[] = [
  {
    id: 'audit-item-under-1kb',
    description: 'Audit item under 1 KB: the relay derives Decision.Made from the record instead of reading a stored `event` copy',
    apply: (inputs) => {
      // The index projects the whole item, so its entry shrinks with it.
      const saved = inputs.measured.auditItem.writeUnits - inputs.measured.auditItem.options.withoutEvent.writeUnits;
      return withUnits(inputs, (units) => ({
        ...units,
        tableWriteUnits: units.tableWriteUnits - saved,
        indexWriteUnits: Math.max(units.indexWriteUnits > 0 ? 1 : 0, units.indexWriteUnits - saved),
      }));
    },
  },
  {
    id: 'authorizer-cache',
    description: 'Cache authorizer results at the gateway for the staleness window (1 s): one authorizer call per agent a second',
    apply: (inputs) => ({
      ...inputs,
      assumptions: {
        ...inputs.assumptions,
        apiGateway: {
          ...inputs.assumptions.apiGateway,
          authorizerResultsCacheTtlSeconds: Math.max(1, inputs.assumptions.workload.cacheStalenessSeconds),
        },
      },
    }),
  },
  {
    id: 'xray-reservoir-only',
    description: 'X-Ray: keep the 1/s reservoir, sample 0% beyond it',
    apply: (inputs) => ({
      ...inputs,
      assumptions: {
        ...inputs.assumptions,
        observability: { ...inputs.assumptions.observability, xray: { ...inputs.assumptions.observability.xray, rate: 0 } },
      },
    }),
  },
  {
    id: 'one-bus-event-per-stream-batch',
    description: 'One bus event per stream batch (Decision.Made for up to 25 decisions), or none: no rule consumes Decision.Made today',
    apply: (inputs) => ({
      ...inputs,
      assumptions: {
        ...inputs.assumptions,
        stream: { ...inputs.assumptions.stream, busEventsPerDecision: 1 / inputs.assumptions.stream.pipeBatchRecords },
      },
    }),
  },
  {
    id: 'quiet-logs',
    description: 'Lambda advanced logging: system log level WARN (no START/END/REPORT lines), no per-request INFO access line',
    apply: (inputs) => {
      const { observability } = inputs.assumptions;
      return {
        ...inputs,
        assumptions: {
          ...inputs.assumptions,
          observability: {
            ...observability,
            logBytes: { ...observability.logBytes, lambdaPlatformPerInvocation: 0, authorizeAccessLinePerCall: 0 },
          },
        },
      };
    },
  },
  {
    id: 'gsi1-keys-only',
    description: 'gsi1 with projection KEYS_ONLY (agent listings then read the records by key): one index write unit per decision',
    apply: (inputs) => withUnits(inputs, (units) => ({ ...units, indexWriteUnits: units.indexWriteUnits > 0 ? 1 : 0 })),
  },
  {
    id: 'no-per-decision-index',
    description:
      "No index write per decision (list an agent's decisions from the day partitions with a filter, or index only what is listed)",
    apply: (inputs) => withUnits(inputs, (units) => ({ ...units, indexWriteUnits: 0 })),
  },
  {
    id: 'relay-event-source-mapping',
    description:
      'The relay reads the audit stream through an event source mapping (free reads, INSERT filter) and puts the events itself: no Pipe',
    apply: (inputs) => ({
      ...inputs,
      assumptions: { ...inputs.assumptions, stream: { ...inputs.assumptions.stream, relayVia: 'event-source-mapping' } },
    }),
  },
  {
    id: 'meter-batching-window',
    description:
      'Usage meter batching window 4 s instead of 1 s: 100-record stream batches at this rate, one write per agent each (usage lags ~3 s more)',
    apply: (inputs) => {
      const { stream } = inputs.assumptions;
      const fuller = stream.meterBatches.find(
        (shape) => shape.records === 100 && shape.agents === inputs.assumptions.workload.activeAgents,
      );
      if (!fuller) return inputs;
      return {
        ...inputs,
        assumptions: {
          ...inputs.assumptions,
          stream: { ...stream, meterBatches: [fuller, ...stream.meterBatches.filter((s) => s !== fuller)] },
        },
      };
    },
  },
  {
    id: 'function-url',
    description: 'Agents call a Lambda function URL and the handler checks the key (no API Gateway request, no authorizer invocation)',
    apply: (inputs) => ({
      ...inputs,
      assumptions: { ...inputs.assumptions, apiGateway: { ...inputs.assumptions.apiGateway, frontDoor: 'function-url' } },
    }),
  },
];

/** What one lever did in the sequence `leverEffects` applies. */
export interface LeverEffect {
  readonly lever: Lever;
  /** Total after this lever and every one before it. */
  readonly totals: Readonly<Record<ScenarioId, number>>;
  /** What this lever saved on top of the ones before it. */
  readonly savings: Readonly<Record<ScenarioId, number>>;
}

/** Applies the levers one on top of the other and reports each one's saving. */
export function leverEffects(inputs: CostInputs, levers: readonly Lever[] = LEVERS): LeverEffect[] {
  const effects: LeverEffect[] = [];
  let current = inputs;
  let before = { single: scenarioCost(current, 'single').total, batch100: scenarioCost(current, 'batch100').total };
  for (const lever of levers) {
    current = lever.apply(current);
    const totals = { single: scenarioCost(current, 'single').total, batch100: scenarioCost(current, 'batch100').total };
    effects.push({ lever, totals, savings: { single: before.single - totals.single, batch100: before.batch100 - totals.batch100 } });
    before = totals;
  }
  return effects;
}

/** What an option adds per million decisions (quotas set, an Idempotency-Key on every call), from the measured units. */
export function optionCost(inputs: CostInputs, scenario: ScenarioId, option: 'quotas' | 'idempotencyKey'): number {
  const m = inputs.measured.dynamodb;
  const base = scenario === 'single' ? m.single : m.batch100;
  const withOption = option === 'quotas' ? (scenario === 'single' ? m.singleWithQuotas : m.batch100WithQuotas) : m.singleWithIdempotencyKey;
  const prices = inputs.prices.prices;
  const writes = withOption.tableWriteUnits + withOption.indexWriteUnits - base.tableWriteUnits - base.indexWriteUnits;
  const reads = withOption.readUnits - base.readUnits;
  return writes * prices.dynamodbWriteUnitsPerMillion.usd + reads * prices.dynamodbReadUnitsPerMillion.usd;
}
