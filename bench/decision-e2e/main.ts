/**
 * `npm run bench:decision` — the decision path end to end (issue 5): the local runtime on DynamoDB
 * Local (in memory), driven with autocannon on loopback. In the same run it measures DynamoDB
 * Local's raw PutItem rate (same concurrency) and raw BatchWriteItem items/s, then prints
 * decisions/s, p50 and p99 for single requests at 16 and 64 connections and for batches of 100,
 * each with its ratio to the raw rate, and the policy work inside the handler (from the audit
 * records' latencyMs, measured in-process).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import autocannon from 'autocannon';
import type { JWK } from 'jose';
import { signOperatorToken } from '../../shared/auth/operator-token';
import { compileScope } from '../../shared/policy/compile';
import { decide } from '../../shared/policy/decide';
import { validatePolicyDocument } from '../../shared/policy/validate';

const ROOT = join(import.meta.dirname, '../..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);

async function startRuntime() {
  const dataDir = mkdtempSync(join(tmpdir(), 'warden-bench-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', WARDEN_DATA_DIR: dataDir, WARDEN_DYNAMODB_IN_MEMORY: '1', WARDEN_LOG_LEVEL: 'ERROR', WARDEN_PARENT_PID: String(process.pid) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const found = /listening on (http:\/\/[^\s]+) \(DynamoDB Local at (http:\/\/[^\s,)]+)/.exec(buffer);
      if (found) resolve(found[0]);
    });
    child.once('exit', (code) => reject(new Error(`runtime exited with ${code}`)));
  });
  const [, url, dynamo] = /listening on (http:\/\/[^\s]+) \(DynamoDB Local at (http:\/\/[^\s,)]+)/.exec(line)!;
  return { url: url!, dynamo: dynamo!, dataDir, stop: () => child.kill('SIGINT') };
}

async function json(url: string, method: string, token: string, body?: unknown) {
  const response = await fetch(url, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const parsed = (await response.json()) as Record<string, any>;
  if (response.status >= 300) throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(parsed)}`);
  return parsed;
}

/** Calls `op` from `concurrency` loops for `seconds`; operations per second. */
async function rate(concurrency: number, seconds: number, op: (i: number) => Promise<unknown>) {
  const until = Date.now() + seconds * 1000;
  let done = 0;
  await Promise.all(Array.from({ length: concurrency }, async (_, worker) => {
    for (let i = worker; Date.now() < until; i += concurrency) {
      await op(i);
      done++;
    }
  }));
  return done / seconds;
}

const runtime = await startRuntime();
try {
  const { privateJwk } = JSON.parse(readFileSync(join(runtime.dataDir, 'dev-credentials.json'), 'utf8')) as { privateJwk: JWK };
  const platform = await signOperatorToken({ sub: 'bench', roles: ['platform-admin'] }, privateJwk, { issuer: 'https://warden.local/dev', audience: 'warden' });
  const admin = await signOperatorToken({ sub: 'bench', roles: ['tenant-admin'], tenant: 'bench' }, privateJwk, { issuer: 'https://warden.local/dev', audience: 'warden' });
  await json(`${runtime.url}/v1/tenants`, 'POST', platform, { id: 'bench', name: 'Bench', tier: 'business', environments: ['prod'] });
  await json(`${runtime.url}/v1/tenants/bench/teams`, 'POST', admin, { name: 'ops' });
  await json(`${runtime.url}/v1/tenants/bench/roles/bot`, 'PUT', admin, { description: 'bot' });
  const { apiKey } = await json(`${runtime.url}/v1/tenants/bench/agents`, 'POST', admin, { name: 'bench', team: 'ops', role: 'bot', environment: 'prod', owner: 'o' });
  const rules = Array.from({ length: 1000 }, (_, i) => ({ id: `r${i}`, effect: i % 3 ? 'allow' : 'deny', actions: [`svc${i % 50}:op${i}`], ...(i % 3 === 0 ? { when: 'request.context.amount > 10' } : {}) }));
  await json(`${runtime.url}/v1/tenants/bench/policies/tenant`, 'PUT', admin, { reason: 'bench', defaults: { prod: 'deny' }, rules });
  await json(`${runtime.url}/v1/tenants/bench/policies/tenant/versions/1/publish`, 'POST', admin, { reason: 'bench' });

  const raw = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: runtime.dynamo, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));
  const table = 'warden-audit';
  const item = (i: number) => ({ pk: `raw#${i % 1000}`, sk: `${Date.now()}#${i}#${Math.random()}`, payload: 'x'.repeat(600) });
  // Raw rates are measured before and after the Warden rows (the JVM warms up as the run goes on)
  // and the higher is used: the ratios are conservative.
  const measureRaw = async () => {
    const puts: Record<number, number> = {};
    for (const concurrency of [16, 64]) puts[concurrency] = await rate(concurrency, 4, (i) => raw.send(new PutCommand({ TableName: table, Item: item(i) })));
    const batchItems = 25 * (await rate(16, 4, (i) => raw.send(new BatchWriteCommand({ RequestItems: { [table]: Array.from({ length: 25 }, (_, k) => ({ PutRequest: { Item: item(i * 25 + k) } })) } }))));
    return { puts, batchItems };
  };
  await rate(16, 3, (i) => raw.send(new PutCommand({ TableName: table, Item: item(i) }))); // JIT warm-up
  const rawBefore = await measureRaw();

  const request = { action: 'svc7:op7', tool: 'crm.read', resource: 'customers/1', context: { amount: 5 } };
  const drive = (connections: number, path: string, body: unknown) =>
    autocannon({ url: `${runtime.url}${path}`, connections, duration: SECONDS, method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
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
  const putRates = { 16: Math.max(rawBefore.puts[16]!, rawAfter.puts[16]!), 64: Math.max(rawBefore.puts[64]!, rawAfter.puts[64]!) } as Record<number, number>;
  const batchItemsPerSecond = Math.max(rawBefore.batchItems, rawAfter.batchItems);
  const rows: string[] = [];
  for (const connections of [16, 64]) {
    const result = singles[connections]!;
    rows.push(`single, ${connections} connections    | ${Math.round(result.requests.average).toLocaleString('en-US').padStart(8)} | ${String(result.latency.p50).padStart(5)} ms | ${String(result.latency.p99).padStart(5)} ms | ${(result.requests.average / putRates[connections]!).toFixed(2)}× raw PutItem (${Math.round(putRates[connections]!)}/s)`);
  }
  rows.push(`batch of 100, 16 conn.    | ${Math.round(batchDecisions).toLocaleString('en-US').padStart(8)} | ${String(batch.latency.p50).padStart(5)} ms | ${String(batch.latency.p99).padStart(5)} ms | ${(batchDecisions / batchItemsPerSecond).toFixed(2)}× raw BatchWriteItem items (${Math.round(batchItemsPerSecond)}/s)`);

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
  console.log(`\nPolicy work (decide, in-process, same policy and request): p50 ${(at(samples, 0.5) * 1000).toFixed(1)} µs, p99 ${(at(samples, 0.99) * 1000).toFixed(1)} µs`);
  console.log(`Handler time before the write (caches incl. their refresh reads, policy set, decision; latencyMs of ${latencies.length} audit records): p50 ${(at(latencies, 0.5) * 1000).toFixed(0)} µs, p99 ${(at(latencies, 0.99) * 1000).toFixed(0)} µs`);
  // Requests autocannon abandoned at the end of its last row are still being answered: let them
  // finish before the database goes away.
  await new Promise((resolve) => setTimeout(resolve, 3000));
} finally {
  runtime.stop();
  rmSync(runtime.dataDir, { recursive: true, force: true });
}
