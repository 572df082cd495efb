/**
 * The multi-tenant row of `npm run bench:decision` (the soak of the stream-consumers issue): a
 * fleet of tenants × agents drives `/v1/authorize` at a fixed rate with autocannon, each request
 * from the next agent's key, while the benchmark watches usage catch up with the answers.
 *
 * - answered: 2xx answers per second of load;
 * - metered: decisions counted in usage per second of load (from the counters at the end of it);
 * - usage lag: in samples taken through the load (one tenant at a time, round robin), the age of
 *   the oldest answered decision of that tenant not yet in its usage (0 when usage has caught up);
 * - catch-up: after the load, the time until every tenant's usage equals its audited decisions
 *   (decision records counted in the audit table, as reconciliation does), and any difference then.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import autocannon from 'autocannon';
import pLimit from 'p-limit';
import { auditKeys } from '../../shared/adapters/dynamodb/keys';
import { createDynamoDbMetricsStore } from '../../shared/adapters/dynamodb/dynamodb-metrics-store';
import { createDynamoDbUsageStore } from '../../shared/adapters/dynamodb/dynamodb-usage-store';
import { singleClient } from '../../shared/adapters/dynamodb/tenant-clients';
import { shardsOfDay } from '../../shared/audit/audit-shards';
import { type BenchRuntime, json } from './local-runtime';

export interface FleetOptions {
  readonly tenants: number;
  readonly agentsPerTenant: number;
  /** Requests per second, all agents together. */
  readonly rate: number;
  readonly seconds: number;
  readonly connections: number;
  /** Longest wait for usage (and, with monitoring, the metrics) to equal the audit after the load. */
  readonly catchUpTimeoutSeconds: number;
  /** Whether the runtime rolls up metrics (then the catch-up waits for them too). */
  readonly monitoring: boolean;
}

export interface FleetFigures {
  readonly answeredPerSecond: number;
  readonly latency: { readonly p50: number; readonly p99: number };
  readonly non2xx: number;
  readonly meteredPerSecond: number;
  readonly lag: { readonly p50: number; readonly p99: number; readonly max: number; readonly samples: number };
  /** The same lag for the metrics rollups (decisions in the tenant's day bucket). */
  readonly metricsLag: { readonly p50: number; readonly p99: number; readonly max: number };
  /** Decisions in the metrics rollups once usage equalled the audit. */
  readonly rolled: number;
  /** Seconds from the end of the load until usage (and the metrics) equalled the audit everywhere (undefined: not within the timeout). */
  readonly catchUpSeconds: number | undefined;
  readonly answered: number;
  readonly audited: number;
  readonly metered: number;
  /** Metered − audited per tenant, the largest in absolute value, when the catch-up ended. */
  readonly worstDifference: number;
}

/** autocannon with a fixed overall rate and per-request hooks (more of its API than types/autocannon.d.ts declares). */
const driveAtRate = autocannon as unknown as (
  options: Parameters<typeof autocannon>[0] & {
    overallRate: number;
    requests: {
      method: string;
      path: string;
      setupRequest: (request: any, context: any) => unknown;
      onResponse: (status: number, body: string, context: any) => void;
    }[];
  },
) => ReturnType<typeof autocannon>;

const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

/** Onboards the fleet: tenants with a team, a role, a published policy and their agents' keys. */
async function onboard(runtime: BenchRuntime, options: FleetOptions) {
  const platform = await runtime.token({ roles: ['platform-admin'] });
  const limit = pLimit(8);
  const run = Date.now().toString(36);
  return Promise.all(
    Array.from({ length: options.tenants }, (_, t) =>
      limit(async () => {
        const tenantId = `fleet-${run}-${t}`;
        const admin = await runtime.token({ roles: ['tenant-admin'], tenant: tenantId });
        const at = (path: string) => `${runtime.url}/v1/tenants/${tenantId}${path}`;
        await json(`${runtime.url}/v1/tenants`, 'POST', platform, {
          id: tenantId,
          name: `Fleet ${t}`,
          tier: 'business',
          environments: ['prod'],
        });
        await json(at('/teams'), 'POST', admin, { name: 'ops' });
        await json(at('/roles/bot'), 'PUT', admin, { description: 'bot' });
        await json(at('/policies/tenant'), 'PUT', admin, {
          reason: 'fleet',
          defaults: { prod: 'deny' },
          rules: [
            { id: 'crm', effect: 'allow', actions: ['tool:invoke'], tools: ['crm.*'] },
            { id: 'refunds', effect: 'deny', actions: ['payments:refund'] },
          ],
        });
        await json(at('/policies/tenant/versions/1/publish'), 'POST', admin, { reason: 'fleet' });
        const keys: string[] = [];
        for (let a = 0; a < options.agentsPerTenant; a++) {
          keys.push(
            (await json(at('/agents'), 'POST', admin, { name: `agent-${a}`, team: 'ops', role: 'bot', environment: 'prod', owner: 'o' }))
              .apiKey as string,
          );
        }
        return { tenantId, keys };
      }),
    ),
  );
}

export async function runFleetRow(runtime: BenchRuntime, options: FleetOptions): Promise<FleetFigures> {
  const fleet = await onboard(runtime, options);
  const documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: runtime.dynamo, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );
  const usage = createDynamoDbUsageStore(singleClient(documents), { control: 'warden-control' });
  const metered = async (tenantId: string, month: string) =>
    (await usage.listUsage(tenantId, month)).reduce((sum, counter) => sum + counter.decisions, 0);
  const metrics = createDynamoDbMetricsStore(singleClient(documents), { control: 'warden-control' });
  // The UTC days since the load began (a run may cross midnight): counts are summed over them.
  const firstDay = new Date().toISOString().slice(0, 10);
  const daysSoFar = () => [...new Set([firstDay, new Date().toISOString().slice(0, 10)])];
  const rolled = async (tenantId: string) =>
    (await metrics.listBuckets(tenantId, 'day', daysSoFar(), 'tenant')).reduce((sum, bucket) => sum + bucket.decisions, 0);
  const audited = async (tenantId: string) => {
    let count = 0;
    for (const partition of daysSoFar().flatMap((day) => shardsOfDay(tenantId, day))) {
      let start: Record<string, unknown> | undefined;
      do {
        const page = await documents.send(
          new QueryCommand({
            TableName: 'warden-audit',
            KeyConditionExpression: 'pk = :p',
            FilterExpression: 'itemType = :decision',
            ExpressionAttributeValues: { ':p': auditKeys.partition(partition), ':decision': 'decision' },
            Select: 'COUNT',
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        count += page.Count ?? 0;
        start = page.LastEvaluatedKey;
      } while (start);
    }
    return count;
  };

  // Every agent in turn; each answer's arrival time kept per tenant, in order.
  const agents = fleet.flatMap(({ keys }, tenant) => keys.map((key) => ({ tenant, authorization: `Bearer ${key}` })));
  const answeredAt = fleet.map(() => [] as number[]);
  let next = 0;
  const requests = [
    { action: 'tool:invoke', tool: 'crm.read', resource: 'customers/1' },
    { action: 'payments:refund', resource: 'charges/7' },
    { action: 'tool:invoke', tool: 'zendesk.read', resource: 'tickets/1' },
  ].map((body) => JSON.stringify(body));
  const month = firstDay.slice(0, 7);

  // Samples of the lags through the load (usage, then metrics): one tenant at a time, round robin.
  const lags: number[] = [];
  const metricLags: number[] = [];
  let loading = true;
  const sampler = (async () => {
    for (let i = 0; loading; i++) {
      const tenant = i % fleet.length;
      const count = await metered(fleet[tenant]!.tenantId, month);
      const now = Date.now();
      const times = answeredAt[tenant]!;
      lags.push(count < times.length ? now - times[count]! : 0);
      const rolledCount = await rolled(fleet[tenant]!.tenantId);
      const rolledAt = Date.now();
      metricLags.push(rolledCount < times.length ? rolledAt - times[rolledCount]! : 0);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();

  const loadStarted = Date.now();
  const result = await driveAtRate({
    url: runtime.url,
    connections: options.connections,
    overallRate: options.rate,
    duration: options.seconds,
    requests: [
      {
        method: 'POST',
        path: '/v1/authorize',
        setupRequest: (request: any, context: any) => {
          const agent = agents[next++ % agents.length]!;
          context.tenant = agent.tenant;
          return {
            ...request,
            headers: { ...request.headers, 'content-type': 'application/json', authorization: agent.authorization },
            body: requests[next % requests.length],
          };
        },
        onResponse: (status: number, _body: string, context: any) => {
          if (status < 300) answeredAt[context.tenant as number]!.push(Date.now());
        },
      },
    ],
  });
  const loadSeconds = (Date.now() - loadStarted) / 1000;
  loading = false;
  await sampler;
  const meteredAtEnd = (await Promise.all(fleet.map(({ tenantId }) => metered(tenantId, month)))).reduce((sum, count) => sum + count, 0);
  const loadEnded = loadStarted + loadSeconds * 1000;

  // After the load: sweep every tenant's usage until it equals the audit.
  const deadline = Date.now() + options.catchUpTimeoutSeconds * 1000;
  let catchUpSeconds: number | undefined;
  let auditCounts: number[] | undefined;
  let meteredCounts: number[] = [];
  for (;;) {
    meteredCounts = await Promise.all(fleet.map(({ tenantId }) => metered(tenantId, month)));
    const sweptAt = Date.now();
    const answered = answeredAt.map((times) => times.length);
    if (meteredCounts.every((count, t) => count >= answered[t]!)) {
      // Usage reached the answers: count the audit (answers the client gave up on are audited too).
      auditCounts = await Promise.all(fleet.map(({ tenantId }) => audited(tenantId)));
      const rolledUp = options.monitoring ? await Promise.all(fleet.map(({ tenantId }) => rolled(tenantId))) : auditCounts;
      if (meteredCounts.every((count, t) => count === auditCounts![t] && rolledUp[t] === auditCounts![t])) {
        catchUpSeconds = Math.max(0, (sweptAt - loadEnded) / 1000);
        break;
      }
    }
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  auditCounts ??= await Promise.all(fleet.map(({ tenantId }) => audited(tenantId)));
  const differences = meteredCounts.map((count, t) => count - auditCounts![t]!);
  const rolledCounts = await Promise.all(fleet.map(({ tenantId }) => rolled(tenantId)));
  documents.destroy();
  lags.sort((a, b) => a - b);
  metricLags.sort((a, b) => a - b);
  return {
    answeredPerSecond: answeredAt.reduce((sum, times) => sum + times.filter((at) => at <= loadEnded).length, 0) / loadSeconds,
    latency: { p50: result.latency.p50, p99: result.latency.p99 },
    non2xx: result.non2xx + result.errors,
    meteredPerSecond: meteredAtEnd / loadSeconds,
    lag: { p50: quantile(lags, 0.5), p99: quantile(lags, 0.99), max: lags[lags.length - 1] ?? NaN, samples: lags.length },
    metricsLag: { p50: quantile(metricLags, 0.5), p99: quantile(metricLags, 0.99), max: metricLags[metricLags.length - 1] ?? NaN },
    rolled: rolledCounts.reduce((sum, count) => sum + count, 0),
    catchUpSeconds,
    answered: answeredAt.reduce((sum, times) => sum + times.length, 0),
    audited: auditCounts.reduce((sum, count) => sum + count, 0),
    metered: meteredCounts.reduce((sum, count) => sum + count, 0),
    worstDifference: differences.reduce((worst, difference) => (Math.abs(difference) > Math.abs(worst) ? difference : worst), 0),
  };
}
