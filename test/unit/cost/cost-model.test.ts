import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAssumptions, loadMeasured, loadPrices } from '../../../bench/cost/cost-inputs';
import {
  authorizerInvocations,
  billedMs,
  type CostInputs,
  LEVERS,
  leverEffects,
  optionCost,
  scenarioCost,
  tracesRecorded,
} from '../../../bench/cost/cost-model';
import { manifestMemory, renderReport } from '../../../bench/cost/cost-report';
import { STREAM_CONSUMERS, STREAM_FLOWS } from '../../../shared/manifest/event-flows';

const ROOT = join(import.meta.dirname, '../../..');
const source = (path: string) => readFileSync(join(ROOT, path), 'utf8');

const inputs = (): CostInputs => {
  const assumptions = loadAssumptions();
  return { prices: loadPrices(), assumptions, measured: loadMeasured(), memoryMb: manifestMemory(assumptions.lambda.defaultMemoryMb) };
};

describe('Function: billedMs', () => {
  it('rounds up to whole milliseconds, at least one', () => {
    expect(billedMs(0.2)).toBe(1);
    expect(billedMs(9.01)).toBe(10);
    expect(billedMs(10)).toBe(10);
  });
});

describe('Function: tracesRecorded', () => {
  it('records the reservoir each second and the rate of the rest', () => {
    expect(tracesRecorded(1_000_000, 10_000, { reservoirPerSecond: 1, rate: 0.05 })).toBeCloseTo(10_000 * (1 + 0.05 * 99));
  });

  it('records every call when there is less than the reservoir each second', () => {
    expect(tracesRecorded(5_000, 10_000, { reservoirPerSecond: 1, rate: 0.05 })).toBe(5_000);
  });
});

describe('Function: authorizerInvocations', () => {
  it('invokes the authorizer on every call when the gateway does not cache', () => {
    expect(authorizerInvocations(1_000_000, 10_000, 10, 0)).toBe(1_000_000);
  });

  it('invokes it once per agent and TTL when calls come faster than that', () => {
    expect(authorizerInvocations(1_000_000, 10_000, 10, 1)).toBe(100_000);
    expect(authorizerInvocations(10_000, 10_000, 10, 1)).toBe(10_000);
  });
});

describe('Function: scenarioCost', () => {
  it('prices each line as its quantity times the list price, and totals the lines', () => {
    const cost = scenarioCost(inputs(), 'single');
    const api = cost.lines.find((line) => line.service === 'API Gateway')!;
    expect(api.quantity).toBe(1_000_000);
    expect(api.usd).toBeCloseTo(loadPrices().prices.apiGatewayHttpRequestsPerMillion.usd);
    expect(cost.total).toBeCloseTo(cost.lines.reduce((sum, line) => sum + line.usd, 0));
    expect(Object.values(cost.byService).reduce((sum, usd) => sum + usd, 0)).toBeCloseTo(cost.total);
  });

  it('charges the audit records the write units DynamoDB Local consumed, table and gsi1', () => {
    const data = inputs();
    const cost = scenarioCost(data, 'batch100');
    const price = data.prices.prices.dynamodbWriteUnitsPerMillion.usd;
    expect(cost.lines.find((line) => line.item === 'audit records: table writes')!.usd).toBeCloseTo(
      data.measured.dynamodb.batch100.tableWriteUnits * price,
    );
    expect(cost.lines.find((line) => line.item.startsWith('audit records: gsi1'))!.usd).toBeCloseTo(
      data.measured.dynamodb.batch100.indexWriteUnits * price,
    );
  });

  it('makes 10,000 calls for a million decisions in batches of 100, so API Gateway costs a hundredth', () => {
    const data = inputs();
    const single = scenarioCost(data, 'single');
    const batch = scenarioCost(data, 'batch100');
    expect(batch.calls).toBe(10_000);
    expect(batch.byService['API Gateway'] * 100).toBeCloseTo(single.byService['API Gateway']);
  });

  it('bills the handler for its own time, the assumed database round trip and the invocation overhead, at the manifest memory', () => {
    const data = inputs();
    const cost = scenarioCost(data, 'single');
    const { lambda } = data.assumptions;
    expect(cost.billedMs.authorize).toBe(
      Math.ceil(data.measured.timing.authorizeSingleOwn.meanMs + lambda.dynamodbRoundTripMs + lambda.invocationOverheadMs),
    );
    expect(cost.lines.some((line) => line.item === `authorize: 1024 MB × ${cost.billedMs.authorize} ms`)).toBe(true);
  });

  it('says whether the goal is met', () => {
    const data = inputs();
    const cost = scenarioCost(data, 'single');
    expect(cost.meetsGoal).toBe(cost.total <= data.assumptions.goals.singleUsdPerMillion);
    const generous = { ...data, assumptions: { ...data.assumptions, goals: { ...data.assumptions.goals, singleUsdPerMillion: 1_000 } } };
    expect(scenarioCost(generous, 'single').meetsGoal).toBe(true);
  });

  it('drops API Gateway and the authorizer behind a function URL', () => {
    const data = inputs();
    const viaUrl = {
      ...data,
      assumptions: { ...data.assumptions, apiGateway: { ...data.assumptions.apiGateway, frontDoor: 'function-url' as const } },
    };
    const cost = scenarioCost(viaUrl, 'single');
    expect(cost.byService['API Gateway']).toBe(0);
    expect(cost.lines.some((line) => line.item.startsWith('agent-authorizer'))).toBe(false);
  });
});

describe('Function: leverEffects', () => {
  it('applies every lever one on top of the other, none raising the cost, and ends lower than it started', () => {
    const data = inputs();
    const effects = leverEffects(data);
    expect(effects.map((effect) => effect.lever.id)).toEqual(LEVERS.map((lever) => lever.id));
    for (const effect of effects) {
      expect(effect.savings.single).toBeGreaterThanOrEqual(-1e-9);
      expect(effect.savings.batch100).toBeGreaterThanOrEqual(-1e-9);
    }
    expect(effects.at(-1)!.totals.single).toBeLessThan(scenarioCost(data, 'single').total);
  });

  it('saves exactly the audit write units the smaller item drops, in the table and in gsi1', () => {
    const data = inputs();
    const [underOneKb] = leverEffects(data, [LEVERS.find((lever) => lever.id === 'audit-item-under-1kb')!]);
    const dropped = data.measured.auditItem.writeUnits - data.measured.auditItem.options.withoutEvent.writeUnits;
    expect(underOneKb!.savings.single).toBeCloseTo(2 * dropped * data.prices.prices.dynamodbWriteUnitsPerMillion.usd);
  });
});

describe('Function: optionCost', () => {
  it('prices an Idempotency-Key as the extra units the claim and the transaction cost', () => {
    const data = inputs();
    const { single, singleWithIdempotencyKey: keyed } = data.measured.dynamodb;
    const prices = data.prices.prices;
    const expected =
      (keyed.tableWriteUnits + keyed.indexWriteUnits - single.tableWriteUnits - single.indexWriteUnits) *
        prices.dynamodbWriteUnitsPerMillion.usd +
      (keyed.readUnits - single.readUnits) * prices.dynamodbReadUnitsPerMillion.usd;
    expect(optionCost(data, 'single', 'idempotencyKey')).toBeCloseTo(expected);
    expect(optionCost(data, 'single', 'idempotencyKey')).toBeGreaterThan(0);
  });
});

describe('Data: bench/cost/prices.json and assumptions.json', () => {
  it('dates the prices and names the page of each', () => {
    const prices = loadPrices();
    expect(prices.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const price of Object.values(prices.prices)) expect(price.page.length).toBeGreaterThan(0);
  });

  it('assumes what the CDK app and the manifest set: default memory, pipe batch, no authorizer cache, meter batch', () => {
    const assumptions = loadAssumptions();
    expect(source('infra/cdk/functions.ts')).toContain(`memorySize: spec.memoryMb ?? ${assumptions.lambda.defaultMemoryMb}`);
    expect(source('infra/cdk/events.ts')).toContain(`batchSize: ${assumptions.stream.pipeBatchRecords},`);
    expect(source('infra/cdk/http-api.ts')).toContain(
      `resultsCacheTtl: Duration.seconds(${assumptions.apiGateway.authorizerResultsCacheTtlSeconds})`,
    );
    const meter = STREAM_CONSUMERS.find((consumer) => consumer.consumer === 'usage-meter')!;
    for (const batch of assumptions.stream.meterBatches) expect(batch.records).toBeLessThanOrEqual(meter.batchSize);
    const relay = STREAM_FLOWS.find((flow) => flow.enrichment === 'audit-stream-relay')!;
    expect(assumptions.stream.ttlRemovalsReachPipe).toBe(relay.eventNames.includes('REMOVE'));
    expect(manifestMemory(assumptions.lambda.defaultMemoryMb).authorize).toBe(1024);
  });
});

describe('Function: renderReport', () => {
  it('prints both scenarios, their goals, the comparison and the levers', () => {
    const text = renderReport({ prices: loadPrices(), assumptions: loadAssumptions(), measured: loadMeasured() });
    expect(text).toContain('single /v1/authorize calls');
    expect(text).toContain('batches of 100');
    expect(text).toMatch(/goal ≤ \$2\.500: (MET|NOT MET)/);
    expect(text).toContain('Amazon Verified Permissions $5.000');
    expect(text).toContain('Bedrock AgentCore Policy $25.000');
    expect(text).toContain('Levers, applied one on top of the other');
  });
});
