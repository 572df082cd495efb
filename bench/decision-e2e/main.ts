/**
 * `npm run bench:decision` — the decision path end to end (issue 5): the local runtime on DynamoDB
 * Local (in memory), driven with autocannon on loopback. In the same run it measures DynamoDB
 * Local's raw PutItem rate (same concurrency) and raw BatchWriteItem items/s, then prints
 * decisions/s, p50 and p99 for single requests at 16 and 64 connections and for batches of 100,
 * each with its ratio to the raw rate, and the policy work inside the handler (from the audit
 * records' latencyMs, measured in-process).
 *
 * Then the fleet rows (fleet.ts), each on a fresh runtime, monitoring off and then on: 50 tenants
 * × 10 agents at a fixed rate, with decisions/s answered, the usage and metrics lags during the
 * load and the time until usage equals the audit after it. `BENCH_ROWS=path` or `BENCH_ROWS=fleet` runs one part only;
 * `BENCH_FLEET_TENANTS`, `BENCH_FLEET_AGENTS`, `BENCH_FLEET_RATE` (requests/s) and
 * `BENCH_FLEET_SECONDS` shape the fleet row.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import autocannon from 'autocannon';
import { compileScope } from '../../shared/policy/compile';
import { decide } from '../../shared/policy/decide';
import { validatePolicyDocument } from '../../shared/policy/validate';
import { type FleetFigures, runFleetRow } from './fleet';
import { json, startRuntime } from './local-runtime';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const ROWS = process.env.BENCH_ROWS ?? 'all';

/** Calls `op` from `concurrency` loops for `seconds`; operations per second. */
async function rate(concurrency: number, seconds: number, op: (i: number) => Promise<unknown>) {
  const until = Date.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = worker; Date.now() < until; i += concurrency) {
        await op(i);
        done++;
      }
    }),
  );
  return done / seconds;
}

/** The decision path rows: single and batched requests of one agent, against raw DynamoDB Local. */
async function pathRows() {
  const runtime = await startRuntime();
  try {
    const platform = await runtime.token({ roles: ['platform-admin'] });
    const admin = await runtime.token({ roles: ['tenant-admin'], tenant: 'bench' });
    await json(`${runtime.url}/v1/tenants`, 'POST', platform, { id: 'bench', name: 'Bench', tier: 'business', environments: ['prod'] });
    await json(`${runtime.url}/v1/tenants/bench/teams`, 'POST', admin, { name: 'ops' });
    await json(`${runtime.url}/v1/tenants/bench/roles/bot`, 'PUT', admin, { description: 'bot' });
    const { apiKey } = await json(`${runtime.url}/v1/tenants/bench/agents`, 'POST', admin, {
      name: 'bench',
      team: 'ops',
      role: 'bot',
      environment: 'prod',
      owner: 'o',
    });
    const rules = Array.from({ length: 1000 }, (_, i) => ({
      id: `r${i}`,
      effect: i % 3 ? 'allow' : 'deny',
      actions: [`svc${i % 50}:op${i}`],
      ...(i % 3 === 0 ? { when: 'request.context.amount > 10' } : {}),
    }));
    await json(`${runtime.url}/v1/tenants/bench/policies/tenant`, 'PUT', admin, { reason: 'bench', defaults: { prod: 'deny' }, rules });
    await json(`${runtime.url}/v1/tenants/bench/policies/tenant/versions/1/publish`, 'POST', admin, { reason: 'bench' });

    const raw = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: runtime.dynamo,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
    );
    const table = 'warden-audit';
    const item = (i: number) => ({ pk: `raw#${i % 1000}`, sk: `${Date.now()}#${i}#${Math.random()}`, payload: 'x'.repeat(600) });
    // Raw rates are measured before and after the Warden rows (the JVM warms up as the run goes on)
    // and the higher is used: the ratios are conservative.
    const measureRaw = async () => {
      const puts: Record<number, number> = {};
      for (const concurrency of [16, 64])
        puts[concurrency] = await rate(concurrency, 4, (i) => raw.send(new PutCommand({ TableName: table, Item: item(i) })));
      const batchItems =
        25 *
        (await rate(16, 4, (i) =>
          raw.send(
            new BatchWriteCommand({
              RequestItems: { [table]: Array.from({ length: 25 }, (_, k) => ({ PutRequest: { Item: item(i * 25 + k) } })) },
            }),
          ),
        ));
      return { puts, batchItems };
    };
    await rate(16, 3, (i) => raw.send(new PutCommand({ TableName: table, Item: item(i) }))); // JIT warm-up
    const rawBefore = await measureRaw();

    const request = { action: 'svc7:op7', tool: 'crm.read', resource: 'customers/1', context: { amount: 5 } };
    const drive = (connections: number, path: string, body: unknown) =>
      autocannon({
        url: `${runtime.url}${path}`,
        connections,
        duration: SECONDS,
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await drive(16, '/v1/authorize', request); // warm-up: caches, JIT
    const singles: Record<number, Awaited<ReturnType<typeof drive>>> = {};
    for (const connections of [16, 64]) {
      const result = await drive(connections, '/v1/authorize', request);
      if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.non2xx} non-2xx answers, ${result.errors} errors`);
      singles[connections] = result;
    }
    // Handler latency before the write (caches, policy set, decision), from the audit records.
    const audit = await json(`${runtime.url}/v1/tenants/bench/audit?kind=decision&limit=1000`, 'GET', admin);
    const latencies = (audit.items as { latencyMs: number }[]).map((record) => record.latencyMs).sort((a, b) => a - b);

    const batch = await drive(16, '/v1/authorize/batch', { requests: Array.from({ length: 100 }, () => request) });
    if (batch.non2xx > 0 || batch.errors > 0) throw new Error(`${batch.non2xx} non-2xx answers, ${batch.errors} errors`);
    const batchDecisions = batch.requests.average * 100;
    const rawAfter = await measureRaw();
    const putRates = {
      16: Math.max(rawBefore.puts[16]!, rawAfter.puts[16]!),
      64: Math.max(rawBefore.puts[64]!, rawAfter.puts[64]!),
    } as Record<number, number>;
    const batchItemsPerSecond = Math.max(rawBefore.batchItems, rawAfter.batchItems);
    const rows: string[] = [];
    for (const connections of [16, 64]) {
      const result = singles[connections]!;
      rows.push(
        `single, ${connections} connections    | ${Math.round(result.requests.average).toLocaleString('en-US').padStart(8)} | ${String(result.latency.p50).padStart(5)} ms | ${String(result.latency.p99).padStart(5)} ms | ${(result.requests.average / putRates[connections]!).toFixed(2)}× raw PutItem (${Math.round(putRates[connections]!)}/s)`,
      );
    }
    rows.push(
      `batch of 100, 16 conn.    | ${Math.round(batchDecisions).toLocaleString('en-US').padStart(8)} | ${String(batch.latency.p50).padStart(5)} ms | ${String(batch.latency.p99).padStart(5)} ms | ${(batchDecisions / batchItemsPerSecond).toFixed(2)}× raw BatchWriteItem items (${Math.round(batchItemsPerSecond)}/s)`,
    );

    console.log(`Warden decision path — local runtime on DynamoDB Local (in memory), autocannon ${SECONDS} s per row, loopback\n`);
    console.log('load                      | decisions/s | p50     | p99     | ratio');
    console.log('--------------------------|-------------|---------|---------|------');
    for (const row of rows) console.log(row);
    const rounded = (value: number) => Math.round(value).toLocaleString('en-US');
    console.log(
      `\nRaw DynamoDB Local (before / after the rows; the higher is used): PutItem ${rounded(rawBefore.puts[16]!)} / ${rounded(rawAfter.puts[16]!)} per s at 16, ${rounded(rawBefore.puts[64]!)} / ${rounded(rawAfter.puts[64]!)} at 64; BatchWriteItem ${rounded(rawBefore.batchItems)} / ${rounded(rawAfter.batchItems)} items/s`,
    );
    // The policy work itself, measured in this process on the same policy and request.
    const scope = compileScope('tenant', 1, validatePolicyDocument('tenant', { defaults: { prod: 'deny' }, rules }));
    const agent = { id: 'agt_bench', name: 'bench', team: 'ops', role: 'bot', environment: 'prod', labels: {} };
    const samples: number[] = [];
    for (let i = 0; i < 120_000; i++) {
      const t0 = performance.now();
      decide({ scopes: [scope], agent, request, nowMs: Date.now() });
      if (i >= 20_000) samples.push(performance.now() - t0);
    }
    samples.sort((a, b) => a - b);
    const at = (list: number[], q: number) => list[Math.min(list.length - 1, Math.floor(q * list.length))] ?? NaN;
    console.log(
      `\nPolicy work (decide, in-process, same policy and request): p50 ${(at(samples, 0.5) * 1000).toFixed(1)} µs, p99 ${(at(samples, 0.99) * 1000).toFixed(1)} µs`,
    );
    console.log(
      `Handler time before the write (caches incl. their refresh reads, policy set, decision; latencyMs of ${latencies.length} audit records): p50 ${(at(latencies, 0.5) * 1000).toFixed(0)} µs, p99 ${(at(latencies, 0.99) * 1000).toFixed(0)} µs`,
    );
    // Requests autocannon abandoned at the end of its last row are still being answered: let them
    // finish before the database goes away.
    await new Promise((resolve) => setTimeout(resolve, 3000));
  } finally {
    runtime.stop();
  }
}

/**
 * The fleet rows, each on a runtime of its own (the path rows leave a stream backlog behind them):
 * monitoring off (no metrics rollup, no detectors) and on, alternating for BENCH_FLEET_PAIRS pairs
 * (default 2), so their throughput compares in one run. Rows of the same kind vary by up to a
 * fifth on two cores (a fresh JVM each time), so one pair says little; the comparison is of the
 * rows' totals.
 */
async function fleetRows() {
  const options = {
    tenants: Number(process.env.BENCH_FLEET_TENANTS ?? 50),
    agentsPerTenant: Number(process.env.BENCH_FLEET_AGENTS ?? 10),
    rate: Number(process.env.BENCH_FLEET_RATE ?? 210),
    seconds: Number(process.env.BENCH_FLEET_SECONDS ?? 60),
    connections: 32,
    catchUpTimeoutSeconds: 300,
  };
  const pairs = Number(process.env.BENCH_FLEET_PAIRS ?? 2);
  const runs: { monitoring: 'off' | 'on'; figures: FleetFigures }[] = [];
  for (const monitoring of Array.from({ length: pairs }, () => ['off', 'on'] as const).flat()) {
    const runtime = await startRuntime({ WARDEN_MONITORING: monitoring });
    try {
      runs.push({ monitoring, figures: await runFleetRow(runtime, { ...options, monitoring: monitoring === 'on' }) });
    } finally {
      runtime.stop();
    }
    await new Promise((resolve) => setTimeout(resolve, 2000)); // the runtime and its DynamoDB Local are gone
  }
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(
    `\nFleet — ${options.tenants} tenants × ${options.agentsPerTenant} agents, autocannon at ${options.rate} requests/s for ${options.seconds} s, 32 connections, a fresh runtime per row\n`,
  );
  console.log(
    'monitoring | answered/s | p50     | p99     | usage lag p50 / p99 / max | metrics lag p50 / p99 / max | usage = audit after',
  );
  console.log(
    '-----------|------------|---------|---------|---------------------------|-----------------------------|--------------------',
  );
  for (const { monitoring, figures } of runs)
    console.log(
      `${monitoring.padEnd(10)} | ${Math.round(figures.answeredPerSecond).toLocaleString('en-US').padStart(10)} | ${String(figures.latency.p50).padStart(4)} ms | ${String(figures.latency.p99).padStart(4)} ms | ${`${seconds(figures.lag.p50)} / ${seconds(figures.lag.p99)} / ${seconds(figures.lag.max)}`.padEnd(25)} | ${(monitoring === 'on' ? `${seconds(figures.metricsLag.p50)} / ${seconds(figures.metricsLag.p99)} / ${seconds(figures.metricsLag.max)}` : '—').padEnd(27)} | ${figures.catchUpSeconds === undefined ? `not within ${options.catchUpTimeoutSeconds} s` : `${figures.catchUpSeconds.toFixed(1)} s`}`,
    );
  const answered = (kind: 'off' | 'on') =>
    runs.filter((run) => run.monitoring === kind).reduce((sum, run) => sum + run.figures.answeredPerSecond, 0);
  const pairRatios = Array.from(
    { length: pairs },
    (_, pair) => runs[2 * pair + 1]!.figures.answeredPerSecond / runs[2 * pair]!.figures.answeredPerSecond,
  );
  console.log(
    `\nThroughput with monitoring on: ${((answered('on') / answered('off') - 1) * 100).toFixed(1)} % against off over ${pairs} pair(s) (pairs: ${pairRatios.map((ratio) => `${((ratio - 1) * 100).toFixed(1)} %`).join(', ')})`,
  );
  const metricLagP99 = Math.max(...runs.filter((run) => run.monitoring === 'on').map((run) => run.figures.metricsLag.p99));
  console.log(`Metrics lag p99, the worst of the rows with monitoring on: ${seconds(metricLagP99)}`);
  for (const { monitoring, figures } of runs)
    console.log(
      `monitoring ${monitoring}: answered ${figures.answered.toLocaleString('en-US')} (non-2xx or errors: ${figures.non2xx}), audited ${figures.audited.toLocaleString('en-US')}, metered ${figures.metered.toLocaleString('en-US')}, rolled up ${figures.rolled.toLocaleString('en-US')}; largest per-tenant usage − audit at the end: ${figures.worstDifference}; ${figures.lag.samples} lag samples`,
    );
  const broken = runs.some(
    ({ monitoring, figures }) =>
      figures.worstDifference !== 0 || figures.non2xx > 0 || (monitoring === 'on' && figures.rolled !== figures.audited),
  );
  if (broken) process.exitCode = 1;
}

if (ROWS === 'all' || ROWS === 'path') await pathRows();
if (ROWS === 'all' || ROWS === 'fleet') await fleetRows();
