/**
 * The text `npm run cost` prints: per scenario a table of every priced quantity, totals per
 * service, the total against its goal and against Amazon Verified Permissions and Bedrock
 * AgentCore Policy; then the levers that would lower it, one on top of the other; then the
 * measured inputs they rest on.
 */
import { functionSpec } from '../../shared/manifest/functions';
import type { Assumptions, Measured, Prices } from './cost-inputs';
import {
  type CostInputs,
  DECISIONS,
  type FunctionId,
  leverEffects,
  type MemoryMb,
  optionCost,
  SCENARIOS,
  scenarioCost,
  type ScenarioCost,
} from './cost-model';

/** Memory of the functions on the decision path, as the manifest gives it (the CDK app's default otherwise). */
export function manifestMemory(defaultMemoryMb: number): MemoryMb {
  const of = (id: FunctionId) => functionSpec(id).memoryMb ?? defaultMemoryMb;
  return {
    'agent-authorizer': of('agent-authorizer'),
    authorize: of('authorize'),
    'usage-meter': of('usage-meter'),
    'audit-stream-relay': of('audit-stream-relay'),
  };
}

const usd = (value: number) => `$${value < 0.0005 && value > 0 ? value.toExponential(1) : value.toFixed(3)}`;
const count = (value: number) => (value >= 100 ? Math.round(value).toLocaleString('en-US') : String(Math.round(value * 1000) / 1000));

function table(header: readonly string[], rows: readonly (readonly string[])[], rightAligned: readonly number[]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i]!.length)));
  const render = (row: readonly string[]) =>
    row.map((cell, i) => (rightAligned.includes(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ');
  return [render(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(render)].join('\n');
}

function scenarioSection(cost: ScenarioCost, inputs: CostInputs): string {
  const { prices } = inputs;
  const rows = cost.lines.map((entry) => [
    entry.service,
    entry.item,
    `${count(entry.quantity)} ${entry.unit}`,
    `$${prices.prices[entry.price].usd} per ${entry.perUnits === 1 ? '' : 'million '}${entry.unit}`,
    usd(entry.usd),
  ]);
  const services = Object.entries(cost.byService).map(([service, value]) => [
    service,
    usd(value),
    `${((value / cost.total) * 100).toFixed(0)}%`,
  ]);
  const avp = prices.prices.verifiedPermissionsPerMillion.usd;
  const agentCore = prices.prices.agentCorePolicyPerMillion.usd;
  return [
    `## ${DECISIONS.toLocaleString('en-US')} decisions as ${cost.title}: ${cost.calls.toLocaleString('en-US')} calls over ${Math.round(cost.seconds).toLocaleString('en-US')} s`,
    '',
    table(['service', 'what', 'quantity', 'list price', 'USD'], rows, [2, 4]),
    '',
    table(['service', 'USD', 'share'], services, [1, 2]),
    '',
    `total ${usd(cost.total)} per million decisions; goal ≤ ${usd(cost.goal)}: ${cost.meetsGoal ? 'MET' : `NOT MET (${usd(cost.total - cost.goal)} over)`}`,
    `Amazon Verified Permissions ${usd(avp)} (no audit store): Warden is ${(cost.total / avp).toFixed(2)}× its price`,
    `Bedrock AgentCore Policy ${usd(agentCore)}: Warden is ${(cost.total / agentCore).toFixed(2)}× its price`,
    `options: quotas set +${usd(optionCost(inputs, cost.scenario, 'quotas'))}${cost.scenario === 'single' ? `; an Idempotency-Key on every call +${usd(optionCost(inputs, 'single', 'idempotencyKey'))}` : ''}`,
    `billed ms per invocation: ${Object.entries(cost.billedMs)
      .map(([fn, ms]) => `${fn} ${ms}`)
      .join(', ')}`,
  ].join('\n');
}

function measuredSection(measured: Measured, assumptions: Assumptions): string {
  const item = measured.auditItem;
  const biggest = Object.entries(item.attributes)
    .sort(([, a], [, b]) => b - a)
    .slice(0, 6)
    .map(([name, bytes]) => `${name} ${bytes}`)
    .join(', ');
  const t = measured.timing;
  return [
    `## Measured (${measured.measuredAt}, Node ${measured.machine.node}, load average ${measured.machine.loadAverageBefore[0]} before, ${measured.machine.loadAverageAfter[0]} after)`,
    '',
    `audit item of a typical decision: ${item.bytes} B by DynamoDB's rules = ${item.writeUnits} write units, and again in gsi1 (projection ALL); a batch's items ${item.batchItemBytes.min}–${item.batchItemBytes.max} B`,
    `  largest attributes (B): ${biggest}`,
    `  without the stored event copy: ${item.options.withoutEvent.bytes} B (${item.options.withoutEvent.writeUnits} unit); also without kind, empty labels and warnings: ${item.options.withoutEventAndRedundant.bytes} B; gsi1 keys only: ${item.gsi1.keysOnlyBytes} B`,
    `DynamoDB per decision (DynamoDB Local, ReturnConsumedCapacity): single ${JSON.stringify(measured.dynamodb.single)}; batch of 100 ${JSON.stringify(measured.dynamodb.batch100)}`,
    `usage meter per stream batch: ${measured.meter.map((shape) => `${shape.records} records/${shape.agents} agents → ${shape.items} counter items, ${shape.perBatch.tableWriteUnits} WRU, ${shape.perBatch.readUnits} RRU`).join('; ')}`,
    `own time, warm, in-process (mean / p50 / p99 ms): authorize single ${t.authorizeSingleOwn.meanMs} / ${t.authorizeSingleOwn.p50Ms} / ${t.authorizeSingleOwn.p99Ms}; batch of 100 ${t.authorizeBatch100Own.meanMs} / ${t.authorizeBatch100Own.p50Ms} / ${t.authorizeBatch100Own.p99Ms}; authorizer ${t.agentAuthorizerOwn.meanMs}; relay per ${t.relayOwnPerBatch.records} records ${t.relayOwnPerBatch.meanMs}`,
    `  against DynamoDB Local (this machine, not AWS): single ${t.authorizeSingleWallDynamoDbLocal.p50Ms} ms p50, batch of 100 ${t.authorizeBatch100WallDynamoDbLocal.p50Ms} ms p50`,
    `assumed on AWS: DynamoDB round trip ${assumptions.lambda.dynamodbRoundTripMs} ms (BatchWriteItem round ${assumptions.lambda.batchWriteRoundTripMs} ms, transaction ${assumptions.lambda.transactRoundTripMs} ms), ${assumptions.lambda.invocationOverheadMs} ms per invocation, ${assumptions.workload.decisionsPerSecond} decisions/s from ${assumptions.workload.activeAgents} agents`,
  ].join('\n');
}

export function renderReport(data: { prices: Prices; assumptions: Assumptions; measured: Measured }): string {
  const inputs: CostInputs = { ...data, memoryMb: manifestMemory(data.assumptions.lambda.defaultMemoryMb) };
  const costs = SCENARIOS.map((scenario) => scenarioCost(inputs, scenario.id));
  const effects = leverEffects(inputs);
  const leverRows = effects.map((effect) => [
    effect.lever.description,
    usd(effect.savings.single),
    usd(effect.totals.single),
    usd(effect.savings.batch100),
    usd(effect.totals.batch100),
  ]);
  return [
    `# What a million audited decisions cost (${data.prices.region}, list prices as of ${data.prices.asOf}, no free tier)`,
    '',
    ...costs.flatMap((cost) => [scenarioSection(cost, inputs), '']),
    '## Levers, applied one on top of the other',
    '',
    table(
      ['lever', 'saves (single)', 'single total', 'saves (batch)', 'batch total'],
      [['as built', '', usd(costs[0]!.total), '', usd(costs[1]!.total)], ...leverRows],
      [1, 2, 3, 4],
    ),
    '',
    measuredSection(data.measured, data.assumptions),
  ].join('\n');
}
