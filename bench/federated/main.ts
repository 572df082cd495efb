/**
 * `npm run bench:federated` — local engines (issue 22), in one run against the local runtime on
 * DynamoDB Local (in memory), with a tenant policy of 1,000 rules:
 *
 * 1. In-process decisions of the embedded evaluator with their audit append (log on disk): with
 *    process durability (the default: written before the answer, fsync'd every 20 ms), and with
 *    host durability one at a time (each waits for its fsync) and 64 at a time (group commit).
 * 2. Propagation of a publish and of a suspension to a running evaluator polling every second.
 * 3. `warden engine serve` against the central `/v1/authorize`, both driven by autocannon with the
 *    same connections and duration.
 * 4. Shipping: audited decisions per second through `POST /v1/decision-logs` into DynamoDB Local,
 *    against raw BatchWriteItem items per second of items shaped as their audit records, in
 *    alternating rounds (raw, ship, raw, ship, …, raw); the figure is the median of the rounds' ratios.
 *
 * `BENCH_SECONDS` (default 8) is each autocannon row's duration; `BENCH_SHIPPING_ROUNDS` (default 3)
 * how many shipping rounds row 4 runs, each between two raw rounds. `BENCH_ONLY=in-process` runs row 1
 * alone (still against the local runtime, which issues the bundle) and skips rows 2–4;
 * `BENCH_ONLY=serve` runs row 3 alone and `BENCH_ONLY=shipping` row 4 alone.
 */
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import autocannon from 'autocannon';
import { createEvaluator, type Evaluator } from '../../packages/evaluator/src';
import { decisionItem } from '../../shared/adapters/dynamodb/dynamodb-decision-store';
import { json, startRuntime } from '../decision-e2e/local-runtime';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const SHIPPING_ROUNDS = Number(process.env.BENCH_SHIPPING_ROUNDS ?? 3);
const ONLY = process.env.BENCH_ONLY;
if (ONLY !== undefined && ONLY !== 'in-process' && ONLY !== 'serve' && ONLY !== 'shipping')
  throw new Error(`BENCH_ONLY=${ONLY}: in-process, serve and shipping are known`);
const TENANT = 'federated';
const REQUEST = { action: 'svc7:op7', tool: 'crm.read', resource: 'customers/1', context: { amount: 5 } };

const at = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
const micro = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
const milli = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
const rounded = (value: number) => Math.round(value).toLocaleString('en-US');

/** Per-call latencies (ms) of `count` sequential calls of `op`, after `warmUp` unmeasured ones. */
async function sequential(count: number, warmUp: number, op: () => Promise<unknown>) {
  for (let i = 0; i < warmUp; i++) await op();
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await op();
    samples.push(performance.now() - t0);
  }
  return samples.sort((a, b) => a - b);
}

/** Latencies and rate of `op` kept `concurrency` in flight for `seconds`. */
async function concurrent(concurrency: number, seconds: number, op: () => Promise<unknown>) {
  const until = performance.now() + seconds * 1000;
  const samples: number[] = [];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const t0 = performance.now();
        await op();
        samples.push(performance.now() - t0);
      }
    }),
  );
  return { samples: samples.sort((a, b) => a - b), rate: samples.length / seconds };
}

async function main() {
  const runtime = await startRuntime();
  const point = { stop: () => undefined as unknown };
  try {
    const platform = await runtime.token({ roles: ['platform-admin'] });
    const admin = await runtime.token({ roles: ['tenant-admin'], tenant: TENANT });
    const api = (path: string, method: string, body?: unknown) => json(`${runtime.url}/v1/tenants/${TENANT}${path}`, method, admin, body);
    await json(`${runtime.url}/v1/tenants`, 'POST', platform, { id: TENANT, name: 'Federated', tier: 'business', environments: ['prod'] });
    await api('/teams', 'POST', { name: 'ops' });
    await api('/roles/bot', 'PUT', { description: 'bot' });
    const register = async (name: string) =>
      (await api('/agents', 'POST', { name, team: 'ops', role: 'bot', environment: 'prod', owner: 'o' })) as {
        agent: { id: string };
        apiKey: string;
      };
    const rules = Array.from({ length: 1000 }, (_, i) => ({
      id: `r${i}`,
      effect: i % 3 ? 'allow' : 'deny',
      actions: [`svc${i % 50}:op${i}`],
      ...(i % 3 === 0 ? { when: 'request.context.amount > 10' } : {}),
    }));
    await api('/policies/tenant', 'PUT', { reason: 'bench', defaults: { prod: 'deny' }, rules });
    await api('/policies/tenant/versions/1/publish', 'POST', { reason: 'bench' });
    const [inProcess, watched, served, shipper] = [
      await register('in-process'),
      await register('watched'),
      await register('served'),
      await register('shipper'),
    ];

    /** Row 3: `warden engine serve` against the central `/v1/authorize`, each driven by autocannon. */
    const serveRow = async () => {
      const logs = await mkdtemp(join(tmpdir(), 'fed-point-'));
      // BENCH_ENGINE_PROFILE=<dir>: a CPU profile of the decision point, written when it stops.
      const profiling = process.env.BENCH_ENGINE_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_ENGINE_PROFILE] : [];
      const serve = ['cli/warden.js', 'engine', 'serve', '--url', runtime.url, '--port', '0', '--log-dir', logs];
      const child = spawn(process.execPath, [...profiling, ...serve], {
        cwd: join(import.meta.dirname, '../..'),
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      point.stop = () => child.kill('SIGTERM');
      const pointUrl = await new Promise<string>((resolve, reject) => {
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const found = /listening on (http:\/\/\S+)/.exec(output);
          if (found) resolve(found[1]!);
        });
        child.once('exit', (code) => reject(new Error(`the decision point exited with ${code}: ${output}`)));
      });
      const drive = async (url: string, seconds: number) => {
        const result = await autocannon({
          url: `${url}/v1/authorize`,
          connections: 64,
          duration: seconds,
          method: 'POST',
          headers: { authorization: `Bearer ${served.apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify(REQUEST),
        });
        if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
        return result;
      };
      // Central first: the decision point ships what it decides to the same runtime, which would
      // otherwise take that work on while central is measured.
      await drive(runtime.url, 2);
      const central = await drive(runtime.url, SECONDS);
      await drive(pointUrl, 2);
      const local = await drive(pointUrl, SECONDS);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      return { central, local };
    };

    /** Rows 1–3, for printing with row 4; undefined when BENCH_ONLY=in-process printed row 1 alone. */
    const rowsOneToThree = async () => {
      // 1. In-process decisions with their audit append, the log on disk.
      const logged = (durability: 'process' | 'host') =>
        mkdtemp(join(tmpdir(), `fed-${durability}-`)).then((logDirectory) =>
          createEvaluator({ url: runtime.url, apiKey: inProcess.apiKey, logDirectory, durability }),
        );
      const processDurable = await logged('process');
      await processDurable.refresh();
      const processSequential = await sequential(100_000, 20_000, () => processDurable.decide(REQUEST));
      const engineOnly = await sequential(100_000, 20_000, async () => processDurable.check(REQUEST));
      const hostDurable = await logged('host');
      await hostDurable.refresh();
      const hostSequential = await sequential(2000, 200, () => hostDurable.decide(REQUEST));
      const hostConcurrent = await concurrent(64, 3, () => hostDurable.decide(REQUEST));
      await processDurable.stop();
      await hostDurable.stop();
      const inProcessRows = () => {
        console.log('In-process decision with its audit append (the embedded evaluator):');
        console.log(
          `  engine only (check, nothing recorded)            p50 ${micro(at(engineOnly, 0.5))}, p99 ${micro(at(engineOnly, 0.99))}`,
        );
        console.log(
          `  decide + append, process durability (default)    p50 ${micro(at(processSequential, 0.5))}, p99 ${micro(at(processSequential, 0.99))}  (goal p99 ≤ 20 µs; written before the answer, fsync'd every 20 ms)`,
        );
        console.log(
          `  decide + append, host durability, one at a time  p50 ${milli(at(hostSequential, 0.5))}, p99 ${milli(at(hostSequential, 0.99))}  (each waits for its group's fsync)`,
        );
        console.log(
          `  decide + append, host durability, 64 in flight   p50 ${milli(at(hostConcurrent.samples, 0.5))}, p99 ${milli(at(hostConcurrent.samples, 0.99))}, ${rounded(hostConcurrent.rate)} decisions/s (group commit)`,
        );
      };
      if (ONLY === 'in-process') {
        console.log('Warden local engines — row 1 only (BENCH_ONLY=in-process), tenant policy of 1,000 rules, one run\n');
        inProcessRows();
        return undefined;
      }

      // 2. Propagation of a publish and of a suspension to an evaluator polling every second.
      const propagation = createEvaluator({
        url: runtime.url,
        apiKey: watched.apiKey,
        logDirectory: await mkdtemp(join(tmpdir(), 'fed-watch-')),
      });
      await propagation.start();
      const waitFor = async (condition: () => boolean) => {
        const t0 = performance.now();
        while (!condition()) {
          if (performance.now() - t0 > 30_000) throw new Error('no propagation within 30 s');
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        return performance.now() - t0;
      };
      const publishes: number[] = [];
      for (let version = 1; version <= 15; version++) {
        await api('/policies/team:ops', 'PUT', { reason: 'bench', rules: [{ id: `v${version}`, effect: 'allow', actions: ['team:op'] }] });
        await api(`/policies/team:ops/versions/${version}/publish`, 'POST', { reason: 'bench' });
        publishes.push(
          await waitFor(() => propagation.bundle?.documents.some((d) => d.scope === 'team:ops' && d.version === version) ?? false),
        );
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 1000)); // publishes land anywhere in the polling cycle
      }
      const suspensions: number[] = [];
      for (let round = 0; round < 8; round++) {
        await api(`/agents/${watched.agent.id}/suspend`, 'POST', { reason: 'bench' });
        suspensions.push(await waitFor(() => propagation.bundle === undefined));
        await api(`/agents/${watched.agent.id}/reinstate`, 'POST', {});
        while (!propagation.bundle) await propagation.refresh().catch(() => new Promise((resolve) => setTimeout(resolve, 100)));
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 1000));
      }
      await propagation.stop();
      publishes.sort((a, b) => a - b);
      suspensions.sort((a, b) => a - b);

      const { central, local } = await serveRow();
      return { inProcessRows, publishes, suspensions, central, local };
    };
    const printServeRow = ({ central, local }: Awaited<ReturnType<typeof serveRow>>) => {
      console.log(`\nwarden engine serve vs the central POST /v1/authorize, autocannon 64 connections, ${SECONDS} s each:`);
      console.log(
        `  central     ${rounded(central.requests.average).padStart(7)} decisions/s  p50 ${central.latency.p50} ms, p99 ${central.latency.p99} ms`,
      );
      console.log(
        `  engine      ${rounded(local.requests.average).padStart(7)} decisions/s  p50 ${local.latency.p50} ms, p99 ${local.latency.p99} ms`,
      );
      console.log(`  ratio       ${(local.requests.average / central.requests.average).toFixed(1)}×  (goal ≥ 10×)`);
    };
    if (ONLY === 'serve') {
      console.log('Warden local engines — row 3 only (BENCH_ONLY=serve), local runtime on DynamoDB Local (in memory), one run');
      printServeRow(await serveRow());
      return;
    }
    const earlierRows = ONLY === 'shipping' ? undefined : await rowsOneToThree();
    if (ONLY === 'in-process') return;

    // 4. Shipping, against raw BatchWriteItem of the same item size (the better of 8 and 40 calls of 25 at a time).
    const raw = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: runtime.dynamo,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
    );
    // Items shaped and sized as the audit records of shipped decisions (with their index keys), of a
    // kind no stream consumer acts on: the database's cost of the same writes, without Warden's part.
    let rawCount = 0;
    const rawItem = () => {
      const at = new Date().toISOString();
      const id = `dec_raw${String(rawCount++).padStart(23, '0')}`;
      return {
        ...decisionItem({
          kind: 'decision',
          id,
          tenantId: 'raw-bench',
          at,
          agent: { id: shipper.agent.id, name: 'shipper', team: 'ops', role: 'bot', environment: 'prod', labels: {} },
          request: { ...REQUEST, resource: `customers/${rawCount}` },
          effect: 'allow',
          reason: 'Allowed by rule r7',
          rule: { id: 'r7', scope: 'tenant', version: 1 },
          versions: [{ scope: 'tenant', version: 1 }],
          policyEpoch: 2,
          warnings: [],
          latencyMs: 0,
          origin: 'local',
          bundleEtag: `"b1-${'x'.repeat(32)}.${'y'.repeat(22)}"`,
          localId: `raw-${rawCount}`,
          expiresAtEpoch: Math.floor(Date.now() / 1000) + 86_400,
        }),
        kind: 'bench-raw',
        itemType: 'bench-raw',
      };
    };
    /** Raw BatchWriteItem items/s writing `count` items, `parallel` calls of 25 at a time. */
    const rawItemsAt = async (count: number, parallel: number) => {
      const t0 = performance.now();
      for (let group = 0; group < count; group += 25 * parallel)
        await Promise.all(
          Array.from({ length: parallel }, () =>
            raw.send(
              new BatchWriteCommand({
                RequestItems: {
                  'warden-audit': Array.from({ length: 25 }, () => ({ PutRequest: { Item: rawItem() } })),
                },
              }),
            ),
          ),
        );
      return count / ((performance.now() - t0) / 1000);
    };
    /** The higher of 8 and 40 calls at a time (the shipping path keeps 8 of each shipment's 40 in flight). */
    const rawItems = async (count: number) => Math.max(await rawItemsAt(count / 2, 8), await rawItemsAt(count / 2, 40));
    const SHIPPED = 20_000;
    const shipping: Evaluator = createEvaluator({
      url: runtime.url,
      apiKey: shipper.apiKey,
      logDirectory: await mkdtemp(join(tmpdir(), 'fed-ship-')),
    });
    await shipping.refresh();
    let decided = 0;
    /** Decides `count` more decisions into the evaluator's log (not measured). */
    const decideMore = async (count: number) => {
      const from = decided;
      decided += count;
      await Promise.all(
        Array.from({ length: 64 }, async (_, worker) => {
          for (let i = from + worker; i < from + count; i += 64) await shipping.decide({ ...REQUEST, resource: `customers/${i}` });
        }),
      );
    };
    let retries = 0;
    /**
     * Ships the log to its end; audited decisions/s. A shipment answered 503 is sent again (its
     * records already written then count as duplicates).
     */
    const shipAll = async () => {
      const before = shipping.stats.shipped + shipping.stats.duplicates;
      const t0 = performance.now();
      for (let drained = false, attempts = 0; !drained && attempts < 20;)
        drained = await shipping.flush().then(
          () => true,
          () => (retries++, attempts++, false),
        );
      const shipped = shipping.stats.shipped + shipping.stats.duplicates - before;
      if (shipped !== SHIPPED) throw new Error(`shipped ${shipped} of ${SHIPPED}`);
      return shipped / ((performance.now() - t0) / 1000);
    };
    // Both sides warm up over their first tens of thousands of writes (DynamoDB Local's JIT, and the
    // runtime's for the shipping route and the stream consumers): one unmeasured round of each first,
    // so that neither is measured cold (row 4 alone otherwise starts right after the seed).
    await rawItemsAt(SHIPPED / 2, 8);
    await decideMore(SHIPPED);
    await shipAll();
    // Rounds of raw, then shipping, then raw again: each shipping figure is set against the higher of
    // the raw figures on either side of it, so a slow spell of the machine falls on both sides alike.
    const raws = [await rawItems(SHIPPED)];
    const ships: number[] = [];
    for (let round = 0; round < SHIPPING_ROUNDS; round++) {
      await decideMore(SHIPPED);
      ships.push(await shipAll());
      raws.push(await rawItems(SHIPPED));
    }
    await shipping.stop();
    const ratios = ships.map((ship, round) => ship / Math.max(raws[round]!, raws[round + 1]!));
    const medianOf = (values: readonly number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return sorted[Math.floor((sorted.length - 1) / 2)]!;
    };

    if (earlierRows) {
      const { inProcessRows, publishes, suspensions, central, local } = earlierRows;
      console.log('Warden local engines — local runtime on DynamoDB Local (in memory), tenant policy of 1,000 rules, loopback, one run\n');
      inProcessRows();
      console.log('\nPropagation to an evaluator polling every second (from the API answering to the evaluator holding the change):');
      console.log(`  publish     (${publishes.length})  p50 ${milli(at(publishes, 0.5))}, p99 ${milli(at(publishes, 0.99))}  (goal ≤ 2 s)`);
      console.log(`  suspension  (${suspensions.length})   p50 ${milli(at(suspensions, 0.5))}, p99 ${milli(at(suspensions, 0.99))}`);
      printServeRow({ central, local });
    } else console.log('Warden local engines — row 4 only (BENCH_ONLY=shipping), local runtime on DynamoDB Local (in memory), one run');
    console.log(
      `\nShipping ${rounded(SHIPPED)} local decisions through POST /v1/decision-logs (batches of 1,000), ${SHIPPING_ROUNDS} rounds between raw BatchWriteItem rounds:`,
    );
    console.log(`  raw         ${raws.map(rounded).join(', ')} items/s (each the better of 8 and 40 calls in flight)`);
    ships.forEach((ship, round) =>
      console.log(
        `  round ${round + 1}     ${rounded(ship)} audited decisions/s, ${ratios[round]!.toFixed(2)}× the higher raw figure beside it`,
      ),
    );
    console.log(
      `  ratio       ${medianOf(ratios).toFixed(2)}× median of the rounds  (goal ≥ 0.8×; ${retries} shipments answered 503 and were sent again)`,
    );
    await new Promise((resolve) => setTimeout(resolve, 2000));
  } finally {
    point.stop();
    runtime.stop();
  }
}

await main();
