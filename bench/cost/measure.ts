/**
 * `npm run cost -- --measure` — measures, with Warden's real code, what the cost model needs and
 * writes it to bench/cost/measured.json:
 *
 * - DynamoDB request units of a typical decision, single and in a batch of 100, with an
 *   Idempotency-Key, and with quotas set: read from DynamoDB Local (`ReturnConsumedCapacity:
 *   INDEXES`, table and index apart) and checked against the item sizes computed by DynamoDB's
 *   rules from the items the adapters write;
 * - the audit item's size, attribute by attribute, and what it would be without its redundant
 *   attributes (the options for making it smaller);
 * - the usage meter's units per stream batch (one conditional write per agent's day), for the
 *   stream batch shapes of assumptions.json;
 * - the cache refreshes the decision path and the authorizer make per second with the default
 *   1 s staleness, and the authorizer's `lastSeenAt` write;
 * - the code's own time per call, warm, in-process: each DynamoDB call answered at once after the
 *   SDK has marshalled and serialised it, so only Warden's work (and the SDK's) is timed; the
 *   database's round trip on AWS is an explicit assumption of the model, not this machine's.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { ensureTables } from '../../infra/local/table-setup';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client';
import { createDynamoDbApprovalStore } from '../../shared/adapters/dynamodb/dynamodb-approval-store';
import { createDynamoDbDecisionStore, decisionItem } from '../../shared/adapters/dynamodb/dynamodb-decision-store';
import { createDynamoDbPolicyStore } from '../../shared/adapters/dynamodb/dynamodb-policy-store';
import { createDynamoDbQuotaStore } from '../../shared/adapters/dynamodb/dynamodb-quota-store';
import { createDynamoDbTenancyStore } from '../../shared/adapters/dynamodb/dynamodb-tenancy-store';
import { createDynamoDbUsageMeterStore } from '../../shared/adapters/dynamodb/dynamodb-usage-meter-store';
import { singleClient } from '../../shared/adapters/dynamodb/tenant-clients';
import { createApprovals } from '../../shared/approvals/approvals';
import type { AgentPrincipal, OperatorPrincipal } from '../../shared/auth/principal';
import type { AuthorizeRequest, DecisionRecord } from '../../shared/decisions/decision-record';
import { AuthorizeBatchSchema, AuthorizeRequestSchema } from '../../shared/decisions/decision-record';
import { createDecisionService } from '../../shared/decisions/decision-service';
import type { DecisionStore } from '../../shared/decisions/decision-store';
import { createPolicySource } from '../../shared/decisions/policy-source';
import { eventOfAuditRecord } from '../../shared/events/audit-events';
import { type Clock, systemClock } from '../../shared/kernel/clock';
import { createIdGenerator } from '../../shared/kernel/ids';
import { createPageCursorCodec } from '../../shared/kernel/page-cursor';
import { type TableDefinition, TABLES, type TableId } from '../../shared/manifest/tables';
import { createPolicyLifecycle } from '../../shared/policy-lifecycle/policy-lifecycle';
import { createPolicyCompiler } from '../../shared/policy/compile';
import { createQuotaLeases } from '../../shared/quotas/quota-leases';
import { createAgentKeyAuthenticator } from '../../shared/tenancy/agent-key-authenticator';
import { createAgentRegistry } from '../../shared/tenancy/agent-registry';
import { createTeamsAndRoles } from '../../shared/tenancy/teams-and-roles';
import { createTenantManagement } from '../../shared/tenancy/tenant-management';
import { createTenantStateCache } from '../../shared/tenancy/tenant-state-cache';
import { createUsageMeter, type MeteredDecision } from '../../shared/usage/usage-meter';
import { answerInstantly, type CapacityTally, meterCapacity } from './capacity-meter';
import { loadAssumptions, type Measured, type MeterShape, type Timing } from './cost-inputs';
import { indexEntry, itemSize, writeUnits } from './item-size';

const HERE = import.meta.dirname;
const TENANT = 'acme-corp';

/** The typical request: a tool call on one resource with a small context (README's tour). */
export const TYPICAL_REQUEST: AuthorizeRequest = {
  action: 'tool:invoke',
  tool: 'zendesk.read',
  resource: 'tickets/48213',
  context: { ticketId: 48213, priority: 'high', customerTier: 'gold' },
};

/** The typical batch: 100 such requests on different tickets, a few of them searches (denied in prod). */
export const typicalBatch = (): AuthorizeRequest[] =>
  Array.from({ length: 100 }, (_, i) => ({
    ...TYPICAL_REQUEST,
    tool: i % 10 === 9 ? 'zendesk.search' : 'zendesk.read',
    resource: `tickets/${48213 + i}`,
    context: { ...TYPICAL_REQUEST.context, ticketId: 48213 + i },
  }));

const platform: OperatorPrincipal = { kind: 'operator', sub: 'platform@warden.example', roles: ['platform-admin'], teams: [] };
const admin: OperatorPrincipal = { kind: 'operator', sub: 'alice@acme.example', tenantId: TENANT, roles: ['tenant-admin'], teams: [] };

const perUnit = (tally: CapacityTally, units: number) => ({
  calls: Object.fromEntries(Object.entries(tally.calls).map(([command, count]) => [command, count / units])),
  readUnits: tally.readUnits / units,
  tableWriteUnits: tally.tableWriteUnits / units,
  indexWriteUnits: tally.indexWriteUnits / units,
});

/** Times `op` `runs` times after `warmup` runs; milliseconds per run. */
async function time(runs: number, warmup: number, op: (i: number) => Promise<unknown> | unknown): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await op(i);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await op(i);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  const round = (ms: number) => Math.round(ms * 1000) / 1000;
  return {
    runs,
    meanMs: round(samples.reduce((sum, ms) => sum + ms, 0) / runs),
    p50Ms: round(at(0.5)),
    p90Ms: round(at(0.9)),
    p99Ms: round(at(0.99)),
  };
}

/** A typical tenant: two environments, a team, a role, agents, a tenant baseline and a team policy (README's tour). */
async function typicalTenant(client: DynamoDBDocumentClient, names: Record<TableId, string>, clock: Clock, agents: number) {
  const clients = singleClient(client);
  const tenancy = createDynamoDbTenancyStore(clients, names);
  const policies = createDynamoDbPolicyStore(clients, names);
  const ids = createIdGenerator(clock);
  const deps = { store: tenancy, clock, ids, cursors: createPageCursorCodec('c'.repeat(40)) };
  await createTenantManagement(deps).onboard(platform, {
    id: TENANT,
    name: 'Acme Corp',
    tier: 'business',
    environments: ['dev', 'prod'],
    retentionDays: 90,
    settings: { apiKeyTtlDays: 90, approvalTimeoutMinutes: 240 },
  });
  await createTeamsAndRoles(deps).createTeam(admin, TENANT, { name: 'support' });
  await createTeamsAndRoles(deps).putRole(admin, TENANT, 'support-bot', { description: 'Answers customer tickets' });
  const registered = [];
  for (let i = 0; i < agents; i++) {
    registered.push(
      await createAgentRegistry(deps).register(admin, TENANT, {
        name: `ticket-triage-${i}`,
        team: 'support',
        role: 'support-bot',
        environment: 'prod',
        owner: 'alice@acme.example',
      }),
    );
  }
  const compiler = createPolicyCompiler();
  const lifecycle = createPolicyLifecycle({ store: policies, tenancy, compiler, clock, ids, cursors: deps.cursors });
  await lifecycle.saveDraft(admin, TENANT, 'tenant', {
    reason: 'baseline',
    defaults: { dev: 'allow', prod: 'deny' },
    rules: [{ id: 'no-delete', effect: 'deny', actions: ['data:delete'], locked: true, message: 'Never delete' }],
  });
  await lifecycle.publish(admin, TENANT, 'tenant', 1, { reason: 'go live', deprecateAfterDays: 7 });
  await lifecycle.saveDraft(admin, TENANT, 'team:support', {
    reason: 'support reads tickets',
    rules: [{ id: 'support-read', effect: 'allow', actions: ['tool:invoke'], tools: ['zendesk.read'] }],
  });
  await lifecycle.publish(admin, TENANT, 'team:support', 1, { reason: 'go live', deprecateAfterDays: 7 });
  return { tenancy, policies, ids, compiler, agents: registered };
}

type Tenant = Awaited<ReturnType<typeof typicalTenant>>;

/** The decision service as the `authorize` function composes it (functions/_lib/compose/decisions.ts), over `store` for the records. */
function decisionService(
  tenant: Tenant,
  options: {
    readClient: DynamoDBDocumentClient;
    writeClient: DynamoDBDocumentClient;
    names: Record<TableId, string>;
    clock: Clock;
    stalenessMs: number;
    onRecord?: (records: readonly DecisionRecord[]) => void;
  },
) {
  const { readClient, writeClient, names, clock, stalenessMs } = options;
  const tenants = createTenantStateCache({ store: tenant.tenancy, clock, stalenessMs });
  const approvalStore = createDynamoDbApprovalStore(singleClient(readClient), names);
  const store = createDynamoDbDecisionStore(singleClient(writeClient), names);
  const recording: DecisionStore = {
    ...store,
    record: (records, claim) => {
      options.onRecord?.(records);
      return store.record(records, claim);
    },
  };
  const noWorkflow = { start: async () => 'unused', complete: async () => undefined, stop: async () => undefined };
  return createDecisionService({
    tenants,
    source: createPolicySource({ tenancy: tenant.tenancy, policies: tenant.policies, grants: approvalStore, clock, stalenessMs }),
    approvals: createApprovals({
      store: approvalStore,
      workflow: noWorkflow,
      tenants,
      clock,
      ids: tenant.ids,
      timeoutSecondsPerMinute: 60,
      cursors: createPageCursorCodec('c'.repeat(40)),
    }),
    compiler: tenant.compiler,
    store: recording,
    quotas: createQuotaLeases({ store: createDynamoDbQuotaStore(singleClient(writeClient), names), clock }),
    clock,
    ids: tenant.ids,
  });
}

/** What the agent's HTTP call costs in-process beyond the service: parsing and validating the body, serialising the answer. */
const viaHttp = async <T>(body: unknown, schema: { parse(value: unknown): T }, decide: (parsed: T) => Promise<unknown>) =>
  JSON.stringify(await decide(schema.parse(JSON.parse(JSON.stringify(body)))));

/** The size of a PutEvents entry (EventBridge: source, detail type and detail in UTF-8, plus 14 bytes for the time). */
const putEventsEntryBytes = (event: { source: string; detailType: string; detail: unknown }) =>
  14 + Buffer.byteLength(event.source) + Buffer.byteLength(event.detailType) + Buffer.byteLength(JSON.stringify(event.detail));

/** Measures everything `measured.json` holds (starts and stops its own DynamoDB Local). */
export async function measure(): Promise<Measured> {
  const assumptions = loadAssumptions();
  const loadBefore = loadavg();
  const dynamo = await startDynamoDbLocal();
  try {
    const config = { endpoint: dynamo.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
    const names = Object.fromEntries((Object.keys(TABLES) as TableId[]).map((id) => [id, `cost-${id}`])) as Record<TableId, string>;
    const raw = new DynamoDBClient(config);
    await ensureTables(
      raw,
      (Object.keys(TABLES) as TableId[]).map((id) => ({ definition: TABLES[id], tableName: names[id] })),
    );
    raw.destroy();
    const live = createDocumentClient(config);
    const reader = createDocumentClient(config);
    const indexKeys = Object.fromEntries(
      (Object.keys(TABLES) as TableId[]).map((id) => {
        const definition: TableDefinition = TABLES[id];
        return [
          names[id],
          (definition.globalIndexes ?? []).map((index) => [
            definition.partitionKey.name,
            ...(definition.sortKey ? [definition.sortKey.name] : []),
            index.partitionKey.name,
            ...(index.sortKey ? [index.sortKey.name] : []),
          ]),
        ];
      }),
    );
    const capacity = meterCapacity(live, { reader, indexKeys });
    const instant = createDocumentClient(config);
    answerInstantly(instant);

    const tenant = await typicalTenant(live, names, systemClock, assumptions.workload.activeAgents);
    const principal = (i = 0): AgentPrincipal => ({
      kind: 'agent',
      tenantId: TENANT,
      agentId: tenant.agents[i % tenant.agents.length]!.agent.id,
      keyId: 'key',
    });
    let lastRecords: readonly DecisionRecord[] = [];
    const onRecord = (records: readonly DecisionRecord[]) => {
      lastRecords = records;
    };

    // Units: the real writes against DynamoDB Local, warm caches (60 s staleness: no refresh read in the way).
    const service = decisionService(tenant, {
      readClient: live,
      writeClient: live,
      names,
      clock: systemClock,
      stalenessMs: 60_000,
      onRecord,
    });
    for (let i = 0; i < 20; i++) await service.authorize(principal(i), [TYPICAL_REQUEST]);
    capacity.reset();
    const singleRuns = 200;
    for (let i = 0; i < singleRuns; i++) await service.authorize(principal(i), [TYPICAL_REQUEST]);
    const singleUnits = perUnit(capacity.tally(), singleRuns);
    const typicalRecord = lastRecords[0]!;
    const singleWall = await time(300, 0, (i) =>
      viaHttp(TYPICAL_REQUEST, AuthorizeRequestSchema, (request) => service.authorize(principal(i), [request])),
    );

    capacity.reset();
    const batchRuns = 20;
    for (let i = 0; i < batchRuns; i++) await service.authorize(principal(i), typicalBatch(), { batch: true });
    const batchUnits = perUnit(capacity.tally(), batchRuns * 100);
    const batchRecords = lastRecords;
    const batchWall = await time(30, 0, (i) =>
      viaHttp({ requests: typicalBatch() }, AuthorizeBatchSchema, (body) =>
        service.authorize(principal(i), body.requests, { batch: true }),
      ),
    );

    capacity.reset();
    for (let i = 0; i < 100; i++) await service.authorize(principal(i), [TYPICAL_REQUEST], { idempotencyKey: `retry-${i}` });
    const idempotentUnits = perUnit(capacity.tally(), 100);

    // Quotas: the agent's daily and the tenant's monthly quota set (leases of up to 100 units per write).
    const withQuotas = decisionService(tenant, { readClient: live, writeClient: live, names, clock: systemClock, stalenessMs: 60_000 });
    const quotaAgent = await createAgentRegistry({
      store: tenant.tenancy,
      clock: systemClock,
      ids: tenant.ids,
      cursors: createPageCursorCodec('c'.repeat(40)),
    }).register(admin, TENANT, {
      name: 'quota-bot',
      team: 'support',
      role: 'support-bot',
      environment: 'prod',
      owner: 'alice@acme.example',
      quotas: { decisionsPerDay: 10_000_000, decisionsPerMonth: 100_000_000 },
    });
    const quotaPrincipal: AgentPrincipal = { kind: 'agent', tenantId: TENANT, agentId: quotaAgent.agent.id, keyId: 'key' };
    await withQuotas.authorize(quotaPrincipal, [TYPICAL_REQUEST]);
    capacity.reset();
    for (let i = 0; i < 1000; i++) await withQuotas.authorize(quotaPrincipal, [TYPICAL_REQUEST]);
    const quotaSingleUnits = perUnit(capacity.tally(), 1000);
    capacity.reset();
    for (let i = 0; i < 20; i++) await withQuotas.authorize(quotaPrincipal, typicalBatch(), { batch: true });
    const quotaBatchUnits = perUnit(capacity.tally(), 2000);

    // Own time: the same service with every write answered at once (reads warm in the caches).
    const own = decisionService(tenant, { readClient: live, writeClient: instant, names, clock: systemClock, stalenessMs: 60_000 });
    const singleOwn = await time(3000, 500, (i) =>
      viaHttp(TYPICAL_REQUEST, AuthorizeRequestSchema, (request) => own.authorize(principal(i), [request])),
    );
    const batchOwn = await time(300, 50, (i) =>
      viaHttp({ requests: typicalBatch() }, AuthorizeBatchSchema, (body) => own.authorize(principal(i), body.requests, { batch: true })),
    );

    // Cache refreshes with the default staleness (1 s): reads per second of a busy instance.
    const stalenessMs = assumptions.workload.cacheStalenessSeconds * 1000;
    const refreshing = decisionService(tenant, { readClient: live, writeClient: instant, names, clock: systemClock, stalenessMs });
    await refreshing.authorize(principal(), [TYPICAL_REQUEST]);
    capacity.reset();
    let until = Date.now() + 5000;
    let started = Date.now();
    while (Date.now() < until) await refreshing.authorize(principal(), [TYPICAL_REQUEST]);
    const authorizeRefresh = perUnit(capacity.tally(), (Date.now() - started) / 1000);

    // The authorizer: a warm key check, its refresh reads, and one lastSeenAt write.
    const { apiKey } = tenant.agents[0]!;
    const authorizerCaches = createTenantStateCache({ store: tenant.tenancy, clock: systemClock, stalenessMs });
    const authenticator = createAgentKeyAuthenticator({
      store: tenant.tenancy,
      tenants: authorizerCaches,
      clock: systemClock,
      lastSeenResolutionMs: 60_000,
    });
    await authenticator.authenticate(apiKey);
    capacity.reset();
    until = Date.now() + 5000;
    started = Date.now();
    while (Date.now() < until) await authenticator.authenticate(apiKey);
    const authorizerRefresh = perUnit(capacity.tally(), (Date.now() - started) / 1000);
    const agentId = tenant.agents[1]!.agent.id;
    capacity.reset();
    await tenant.tenancy.touchAgentLastSeen(TENANT, agentId, new Date().toISOString(), new Date(Date.now() - 60_000).toISOString());
    const lastSeenWrite = perUnit(capacity.tally(), 1);
    const warmAuthorizer = createAgentKeyAuthenticator({
      store: tenant.tenancy,
      tenants: createTenantStateCache({ store: tenant.tenancy, clock: systemClock, stalenessMs: 60_000 }),
      clock: systemClock,
      lastSeenResolutionMs: 60_000,
    });
    const authorizerOwn = await time(5000, 500, () => warmAuthorizer.authenticate(apiKey));

    // The usage meter on stream batches of real decision records, in the shapes the model uses.
    const meterStoreLive = createDynamoDbUsageMeterStore(singleClient(live), names);
    const meterStoreInstant = createDynamoDbUsageMeterStore(singleClient(instant), names);
    let sequence = 10n ** 20n;
    const recordsFor = (shape: { records: number; agents: number }, day: string): MeteredDecision[] =>
      Array.from({ length: shape.records }, (_, i) => {
        const source = batchRecords[i % batchRecords.length]!;
        const agent = tenant.agents[i % shape.agents]!.agent;
        const id = tenant.ids.next('dec');
        sequence += 1n;
        return {
          itemType: 'decision',
          id,
          tenantId: TENANT,
          at: `${day}${source.at.slice(10)}`,
          agent: { id: agent.id, team: agent.team, role: agent.role, environment: agent.environment },
          effect: source.effect,
          ...(i === 0 ? { batchFirst: true } : {}),
          sequence: String(sequence),
        };
      });
    const shapes = [{ records: 1, agents: 1 }, ...assumptions.stream.meterBatches.map(({ records, agents }) => ({ records, agents }))];
    const meter: MeterShape[] = [];
    for (const [index, shape] of shapes.entries()) {
      const day = `2026-01-${String(10 + index).padStart(2, '0')}`;
      const liveMeter = createUsageMeter({ store: meterStoreLive });
      await liveMeter.meter(recordsFor(shape, day)); // first batch of the day creates the counters
      const batch = recordsFor(shape, day);
      const items = new Set(batch.map((record) => record.agent.id)).size;
      capacity.reset();
      await liveMeter.meter(batch);
      const tally = capacity.tally();
      const ownMeter = createUsageMeter({ store: meterStoreInstant });
      const ownTime = await time(200, 20, () => ownMeter.meter(recordsFor(shape, day)));
      meter.push({ ...shape, items, perBatch: perUnit(tally, 1), own: ownTime });
    }

    // The relay: new images as the stream delivers them, turned into events.
    const streamImages = batchRecords
      .slice(0, assumptions.stream.pipeBatchRecords)
      .map((record) => marshall(decisionItem(record), { removeUndefinedValues: true }));
    const relayOwn = await time(2000, 200, () => streamImages.map((image) => eventOfAuditRecord(unmarshall(image))));
    const event = eventOfAuditRecord(decisionItem(typicalRecord))!;

    // The audit item, attribute by attribute, and without what is redundant in it.
    const item = decisionItem(typicalRecord);
    const attributes = Object.fromEntries(Object.entries(item).map(([name, value]) => [name, itemSize({ [name]: value })]));
    const { event: _event, ...withoutEvent } = item;
    const { kind: _kind, ...trimmed } = withoutEvent;
    const agentWithoutLabels =
      Object.keys(typicalRecord.agent.labels).length === 0
        ? (({ labels: _labels, ...rest }) => rest)(typicalRecord.agent)
        : typicalRecord.agent;
    const minimal = { ...trimmed, agent: agentWithoutLabels, ...(typicalRecord.warnings.length === 0 ? { warnings: undefined } : {}) };
    const gsiKeys = ['pk', 'sk', 'gsi1pk', 'gsi1sk'];
    const sizeOf = (candidate: Record<string, unknown>) => ({ bytes: itemSize(candidate), writeUnits: writeUnits(itemSize(candidate)) });
    const batchItemBytes = batchRecords.map((record) => itemSize(decisionItem(record)));

    return {
      measuredAt: new Date().toISOString(),
      machine: {
        node: process.version,
        cpus: cpus().length,
        loadAverageBefore: loadBefore.map((load) => Math.round(load * 100) / 100),
        loadAverageAfter: loadavg().map((load) => Math.round(load * 100) / 100),
      },
      typicalRequest: TYPICAL_REQUEST,
      auditItem: {
        bytes: itemSize(item),
        writeUnits: writeUnits(itemSize(item)),
        attributes,
        batchItemBytes: { min: Math.min(...batchItemBytes), max: Math.max(...batchItemBytes) },
        gsi1: {
          projection: 'ALL',
          bytes: itemSize(indexEntry(item, gsiKeys, 'ALL')),
          keysOnlyBytes: itemSize(indexEntry(item, gsiKeys, 'KEYS_ONLY')),
        },
        options: {
          withoutEvent: sizeOf(withoutEvent),
          withoutEventAndRedundant: sizeOf(minimal),
        },
      },
      dynamodb: {
        single: singleUnits,
        batch100: batchUnits,
        singleWithIdempotencyKey: idempotentUnits,
        singleWithQuotas: quotaSingleUnits,
        batch100WithQuotas: quotaBatchUnits,
        refreshPerSecond: { authorize: authorizeRefresh, agentAuthorizer: authorizerRefresh },
        lastSeenWrite,
      },
      timing: {
        authorizeSingleOwn: singleOwn,
        authorizeBatch100Own: batchOwn,
        authorizeSingleWallDynamoDbLocal: singleWall,
        authorizeBatch100WallDynamoDbLocal: batchWall,
        agentAuthorizerOwn: authorizerOwn,
        relayOwnPerBatch: { ...relayOwn, records: streamImages.length },
      },
      meter,
      event: { putEventsEntryBytes: putEventsEntryBytes(event as never) },
    };
  } finally {
    await dynamo.stop();
  }
}

/** Measures and writes bench/cost/measured.json. */
export async function measureToFile(): Promise<Measured> {
  const measured = await measure();
  writeFileSync(join(HERE, 'measured.json'), `${JSON.stringify(measured, null, 2)}\n`);
  return measured;
}
