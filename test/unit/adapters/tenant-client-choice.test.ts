/**
 * Which client every DynamoDB store method uses, checked against the tenant access role's policy
 * (test/support/tenant-role-emulator.ts): work on a tenant's items goes through that tenant's
 * client and touches only its keys; reads of org and platform items go through the shared
 * read-only client; only the few cross-tenant writes and the tenant listing use the platform
 * client, which tenant-scoped functions do not have on AWS. Stores answer from canned responses.
 */
import { describe, expect, it } from 'vitest';
import { createDynamoDbApprovalStore } from '../../../shared/adapters/dynamodb/dynamodb-approval-store';
import { createDynamoDbBillingFacts } from '../../../shared/adapters/dynamodb/dynamodb-billing-facts';
import { createDynamoDbBillingStore } from '../../../shared/adapters/dynamodb/dynamodb-billing-store';
import { createDynamoDbDecisionStore } from '../../../shared/adapters/dynamodb/dynamodb-decision-store';
import { createDynamoDbDigestStore } from '../../../shared/adapters/dynamodb/dynamodb-digest-store';
import { createDynamoDbMaturityStore } from '../../../shared/adapters/dynamodb/dynamodb-maturity-store';
import { createDynamoDbMetricsRollupStore, createDynamoDbMetricsStore } from '../../../shared/adapters/dynamodb/dynamodb-metrics-store';
import { createDynamoDbMonitoringStore } from '../../../shared/adapters/dynamodb/dynamodb-monitoring-store';
import { createDynamoDbNotificationStore } from '../../../shared/adapters/dynamodb/dynamodb-notification-store';
import { createDynamoDbOpsStore } from '../../../shared/adapters/dynamodb/dynamodb-ops-store';
import { createDynamoDbOrgTemplateStore } from '../../../shared/adapters/dynamodb/dynamodb-org-template-store';
import { createDynamoDbPolicyStore } from '../../../shared/adapters/dynamodb/dynamodb-policy-store';
import { createDynamoDbQuotaStore } from '../../../shared/adapters/dynamodb/dynamodb-quota-store';
import { createDynamoDbRemediationStore } from '../../../shared/adapters/dynamodb/dynamodb-remediation-store';
import { createDynamoDbTenancyStore } from '../../../shared/adapters/dynamodb/dynamodb-tenancy-store';
import { createDynamoDbUsageMeterStore } from '../../../shared/adapters/dynamodb/dynamodb-usage-meter-store';
import { createDynamoDbUsageStore } from '../../../shared/adapters/dynamodb/dynamodb-usage-store';
import type { Incident } from '../../../shared/monitoring/incident';
import type { Delivery } from '../../../shared/notifications/delivery';
import type { PolicyOwner } from '../../../shared/policy-lifecycle/policy-version';
import { emulateTenantRole } from '../../support/tenant-role-emulator';

const tables = { control: 'control-table', policies: 'policies-table', audit: 'audit-table' };
const T = 'acme';
const tenant: PolicyOwner = { kind: 'tenant', tenantId: T };
const org: PolicyOwner = { kind: 'org' };
const at = '2026-11-24T10:00:00.000Z';
const page = { limit: 10 };
// Domain records reduced to the fields the adapters read (they are stored as given).
const change = {
  id: 'aud_1',
  tenantId: T,
  at,
  actor: { type: 'operator', id: 'alice' },
  action: 'x',
  target: { type: 'agent', id: 'agt_1' },
} as never;
const agent = { id: 'agt_1', tenantId: T, version: 2 } as never;
const approval = { id: 'apr_1', tenantId: T, status: 'pending', requestKey: 'k', updatedAt: at, agent: { id: 'agt_1' } } as never;
const grant = { id: 'grt_1', tenantId: T, agentId: 'agt_1', expiresAt: at } as never;
const decision = { id: 'dec_1', tenantId: T, at, agent: { id: 'agt_1' }, request: { action: 'read', context: {} } } as never;
const anomaly = { id: 'anm_1', tenantId: T, agentId: 'agt_1', kind: 'volume_spike', window: { from: at, to: at }, detectedAt: at } as never;
const incident = { id: 'inc_1', tenantId: T, agentId: 'agt_1', status: 'open', version: 2, updatedAt: at } as Record<
  string,
  unknown
> as never as Incident;
const delivery: Delivery = {
  id: 'msg_1',
  tenantId: T,
  channel: 'pager',
  eventId: 'aud_1',
  type: 'x',
  status: 'pending',
  attempts: 0,
  at,
  body: '{}',
};
const run = { id: 'rem_1-p', tenantId: T, startedAt: at, version: 2 } as never;
const playbook = { id: 'p', tenantId: T, version: 1 } as never;
const quota = { scope: 'tenant', period: 'day', limit: 10, endsAtMs: Date.parse(at), key: 'tenant#2026-11-24' } as never;
const draft = {
  scope: 'tenant',
  document: { rules: [] },
  status: 'draft',
  reason: 'r',
  createdAt: at,
  createdBy: 'alice',
  contentHash: 'h',
} as never;
const publishWrite = { scope: 'tenant', version: 1, expectedRevision: 0, publishedAt: at, publishedBy: 'alice', reason: 'r' };
const library = { scenarios: [], version: 1, updatedAt: at, updatedBy: 'alice' } as never;

function stores() {
  const emulator = emulateTenantRole({
    tables,
    respond: (command) => {
      const input = command.input;
      if (command.constructor.name === 'GetCommand')
        return {
          Item: {
            ...input.Key,
            version: 1,
            documentJson: '{"rules":[]}',
            scenariosJson: '[]',
            contentHash: 'h',
            agentId: 'agt_1',
            answersJson: '[]',
            templateJson: '{}',
          },
        };
      if (command.constructor.name === 'QueryCommand') return { Items: [], Count: 0 };
      return {};
    },
  });
  const { clients } = emulator;
  const tenancy = createDynamoDbTenancyStore(clients, tables);
  const approvals = createDynamoDbApprovalStore(clients, tables);
  const usage = createDynamoDbUsageStore(clients, tables);
  return {
    emulator,
    tenancy,
    policies: createDynamoDbPolicyStore(clients, tables),
    approvals,
    decisions: createDynamoDbDecisionStore(clients, tables),
    quotas: createDynamoDbQuotaStore(clients, tables),
    usage,
    usageMeter: createDynamoDbUsageMeterStore(clients, tables),
    billing: createDynamoDbBillingStore(clients, tables),
    billingFacts: createDynamoDbBillingFacts({ clients, tables, tenancy, usage, approvals }),
    metricsRollup: createDynamoDbMetricsRollupStore(clients, tables),
    metrics: createDynamoDbMetricsStore(clients, tables),
    monitoring: createDynamoDbMonitoringStore(clients, tables),
    notifications: createDynamoDbNotificationStore(clients, tables),
    remediation: createDynamoDbRemediationStore(clients, tables),
    ops: createDynamoDbOpsStore(clients, tables),
    maturity: createDynamoDbMaturityStore(clients, tables),
    orgTemplates: createDynamoDbOrgTemplateStore(clients, tables),
    digests: createDynamoDbDigestStore(clients, tables),
  };
}
type Stores = ReturnType<typeof stores>;
type Client = 'tenant' | 'shared' | 'platform';

/** Every store method, called as the domain calls it, with the clients it may use. */
const CASES: Record<string, Record<string, { uses: Client[]; call: (s: Stores) => Promise<unknown> }[]>> = {
  tenancy: {
    createTenant: [{ uses: ['tenant'], call: (s) => s.tenancy.createTenant({ id: T } as never, change) }],
    getTenant: [{ uses: ['tenant'], call: (s) => s.tenancy.getTenant(T) }],
    listTenants: [{ uses: ['platform'], call: (s) => s.tenancy.listTenants(page) }],
    updateTenant: [{ uses: ['tenant'], call: (s) => s.tenancy.updateTenant({ id: T, name: 'Acme', epoch: 3 } as never, 1, change) }],
    createTeam: [{ uses: ['tenant'], call: (s) => s.tenancy.createTeam({ tenantId: T, name: 'ops' } as never, change) }],
    getTeam: [{ uses: ['tenant'], call: (s) => s.tenancy.getTeam(T, 'ops') }],
    listTeams: [{ uses: ['tenant'], call: (s) => s.tenancy.listTeams(T, page) }],
    updateTeam: [{ uses: ['tenant'], call: (s) => s.tenancy.updateTeam({ tenantId: T, name: 'ops' } as never, 1, change) }],
    putRole: [
      { uses: ['tenant'], call: (s) => s.tenancy.putRole({ tenantId: T, name: 'bot' } as never, undefined, change) },
      { uses: ['tenant'], call: (s) => s.tenancy.putRole({ tenantId: T, name: 'bot' } as never, 1, change) },
    ],
    getRole: [{ uses: ['tenant'], call: (s) => s.tenancy.getRole(T, 'bot') }],
    listRoles: [{ uses: ['tenant'], call: (s) => s.tenancy.listRoles(T, page) }],
    createAgent: [
      { uses: ['tenant'], call: (s) => s.tenancy.createAgent(agent, { tenantId: T, keyHash: 'h', agentId: 'agt_1' } as never, change) },
    ],
    getAgent: [{ uses: ['tenant'], call: (s) => s.tenancy.getAgent(T, 'agt_1') }],
    listAgents: [{ uses: ['tenant'], call: (s) => s.tenancy.listAgents(T, page) }],
    saveAgent: [
      {
        uses: ['tenant'],
        call: (s) => s.tenancy.saveAgent(agent, 1, change, { put: [{ tenantId: T, keyHash: 'h2', agentId: 'agt_1' } as never] }),
      },
    ],
    getApiKey: [{ uses: ['tenant'], call: (s) => s.tenancy.getApiKey(T, 'h') }],
    touchAgentLastSeen: [{ uses: ['tenant'], call: (s) => s.tenancy.touchAgentLastSeen(T, 'agt_1', at, at) }],
    getTenantAndApiKey: [{ uses: ['tenant'], call: (s) => s.tenancy.getTenantAndApiKey(T, 'h') }],
    noteAgentSeen: [{ uses: ['tenant'], call: (s) => s.tenancy.noteAgentSeen(T, 'agt_1', at) }],
    applyAgentCountDeltas: [{ uses: ['tenant'], call: (s) => s.tenancy.applyAgentCountDeltas(T, 'stats', 'evt_1', { active: 1 }) }],
    getAgentCounts: [{ uses: ['tenant'], call: (s) => s.tenancy.getAgentCounts(T) }],
  },
  policies: {
    appendVersion: [
      { uses: ['tenant'], call: (s) => s.policies.appendVersion(tenant, draft, () => change) },
      { uses: ['shared', 'platform'], call: (s) => s.policies.appendVersion(org, draft, () => change) },
    ],
    getVersion: [
      { uses: ['tenant'], call: (s) => s.policies.getVersion(tenant, 'tenant', 1) },
      { uses: ['shared'], call: (s) => s.policies.getVersion(org, 'org', 1) },
    ],
    listVersions: [
      { uses: ['tenant'], call: (s) => s.policies.listVersions(tenant, 'tenant', page) },
      { uses: ['shared'], call: (s) => s.policies.listVersions(org, 'org', page) },
    ],
    getHead: [
      { uses: ['tenant'], call: (s) => s.policies.getHead(tenant, 'tenant') },
      { uses: ['shared'], call: (s) => s.policies.getHead(org, 'org') },
    ],
    listHeads: [
      { uses: ['tenant'], call: (s) => s.policies.listHeads(tenant) },
      { uses: ['shared'], call: (s) => s.policies.listHeads(org) },
    ],
    publish: [
      { uses: ['tenant'], call: (s) => s.policies.publish(tenant, publishWrite, change) },
      { uses: ['shared', 'platform'], call: (s) => s.policies.publish(org, { ...publishWrite, scope: 'org' }, change) },
    ],
    getTestLibrary: [
      { uses: ['tenant'], call: (s) => s.policies.getTestLibrary(tenant) },
      { uses: ['shared'], call: (s) => s.policies.getTestLibrary(org) },
    ],
    putTestLibrary: [
      { uses: ['tenant'], call: (s) => s.policies.putTestLibrary(tenant, library, 0, change) },
      { uses: ['platform'], call: (s) => s.policies.putTestLibrary(org, library, 0, change) },
    ],
    getOrgEpoch: [{ uses: ['shared'], call: (s) => s.policies.getOrgEpoch() }],
  },
  approvals: {
    openOrJoin: [{ uses: ['tenant'], call: (s) => s.approvals.openOrJoin(approval, change) }],
    getApproval: [{ uses: ['tenant'], call: (s) => s.approvals.getApproval(T, 'apr_1') }],
    listApprovals: [{ uses: ['tenant'], call: (s) => s.approvals.listApprovals(T, 'pending', page) }],
    listRecentApprovals: [
      { uses: ['tenant'], call: (s) => s.approvals.listRecentApprovals(T, 'approved', { limit: 10, since: 'apr_01J' }) },
      { uses: ['tenant'], call: (s) => s.approvals.listRecentApprovals(T, 'pending', page) },
    ],
    saveApproval: [
      {
        uses: ['tenant'],
        call: (s) =>
          s.approvals.saveApproval({ ...(approval as object), status: 'approved' } as never, 1, [change], grant, {
            agentId: 'agt_1',
            agentVersion: 2,
          }),
      },
    ],
    getAgentOwnership: [{ uses: ['tenant'], call: (s) => s.approvals.getAgentOwnership(T, 'agt_1') }],
    setTaskToken: [{ uses: ['tenant'], call: (s) => s.approvals.setTaskToken(T, 'apr_1', 'token') }],
    setExecution: [{ uses: ['tenant'], call: (s) => s.approvals.setExecution(T, 'apr_1', 'arn') }],
    grantsOf: [{ uses: ['tenant'], call: (s) => s.approvals.grantsOf(T, 'agt_1') }],
    listGrants: [{ uses: ['tenant'], call: (s) => s.approvals.listGrants(T, page) }],
    getGrant: [{ uses: ['tenant'], call: (s) => s.approvals.getGrant(T, 'grt_1') }],
    revokeGrant: [{ uses: ['tenant'], call: (s) => s.approvals.revokeGrant(grant, change) }],
    putAccessRequest: [
      { uses: ['tenant'], call: (s) => s.approvals.putAccessRequest({ id: 'acr_1', tenantId: T, createdAt: at } as never, change) },
    ],
    getAccessRequest: [{ uses: ['tenant'], call: (s) => s.approvals.getAccessRequest(T, 'acr_1') }],
  },
  decisions: {
    record: [
      { uses: ['tenant'], call: (s) => s.decisions.record([decision]) },
      { uses: ['tenant'], call: (s) => s.decisions.record([decision, decision]) },
      {
        uses: ['tenant'],
        call: (s) =>
          s.decisions.record([decision], { agentId: 'agt_1', key: 'k', fingerprint: 'f', answers: [], expiresAtEpoch: 1 } as never),
      },
    ],
    claimed: [{ uses: ['tenant'], call: (s) => s.decisions.claimed(T, 'agt_1', 'k', 1) }],
    recorded: [{ uses: ['tenant'], call: (s) => s.decisions.recorded(T, [{ at, id: 'dec_1' }]) }],
    listAudit: [
      { uses: ['tenant'], call: (s) => s.decisions.listAudit({ tenantId: T, from: at, to: at }, page) },
      { uses: ['tenant'], call: (s) => s.decisions.listAudit({ tenantId: T, from: at, to: at, agentId: 'agt_1' }, page) },
    ],
  },
  quotas: {
    lease: [{ uses: ['tenant'], call: (s) => s.quotas.lease(T, quota, 5) }],
    markExceeded: [{ uses: ['tenant'], call: (s) => s.quotas.markExceeded(T, quota, change) }],
    markThreshold: [{ uses: ['tenant'], call: (s) => s.quotas.markThreshold(T, quota, 0.8, change) }],
  },
  usage: { listUsage: [{ uses: ['tenant'], call: (s) => s.usage.listUsage(T, '2026-11') }] },
  usageMeter: {
    sequences: [{ uses: ['tenant'], call: (s) => s.usageMeter.sequences({ tenantId: T, day: '2026-11-24', agentId: 'agt_1' }) }],
    add: [
      {
        uses: ['tenant'],
        call: (s) =>
          s.usageMeter.add({
            tenantId: T,
            day: '2026-11-24',
            agentId: 'agt_1',
            team: 'ops',
            role: 'bot',
            environment: 'prod',
            decisions: 1,
            allowed: 1,
            denied: 0,
            approvalsRequired: 0,
            batchRequests: 0,
            shards: [{ shard: 0, first: '0001', last: '0001' }],
            records: 1,
          }),
      },
    ],
  },
  billing: {
    getPricePlan: [{ uses: ['shared'], call: (s) => s.billing.getPricePlan('gold') }],
    putPricePlan: [{ uses: ['platform'], call: (s) => s.billing.putPricePlan({ tier: 'gold', version: 2 } as never, 1) }],
    listPricePlanVersions: [{ uses: ['shared'], call: (s) => s.billing.listPricePlanVersions('gold', page) }],
    getClosedPeriod: [{ uses: ['shared'], call: (s) => s.billing.getClosedPeriod('2026-10') }],
    markClosed: [{ uses: ['platform'], call: (s) => s.billing.markClosed({ period: '2026-10' } as never) }],
  },
  billingFacts: {
    listTenants: [{ uses: ['platform'], call: (s) => s.billingFacts.listTenants() }],
    getTenant: [{ uses: ['tenant'], call: (s) => s.billingFacts.getTenant(T) }],
    usage: [{ uses: ['tenant'], call: (s) => s.billingFacts.usage(T, '2026-11') }],
    approvals: [{ uses: ['tenant'], call: (s) => s.billingFacts.approvals(T, '2026-11') }],
    auditedDecisions: [{ uses: ['tenant'], call: (s) => s.billingFacts.auditedDecisions(T, '2026-02') }],
  },
  metricsRollup: {
    sequences: [{ uses: ['tenant'], call: (s) => s.metricsRollup.sequences(T, 'minute', '2026-11-24T10:00') }],
    add: [
      {
        uses: ['tenant'],
        call: (s) =>
          s.metricsRollup.add({
            tenantId: T,
            granularity: 'minute',
            bucket: '2026-11-24T10:00',
            shards: [{ shard: 1, first: '0001', last: '0002' }],
            records: 1,
            dimensions: [
              { dimension: 'agent#agt_1', team: 'ops', decisions: 1, allowed: 1, denied: 0, approvalsRequired: 0, latency: [1] },
            ],
          }),
      },
    ],
  },
  metrics: { listBuckets: [{ uses: ['tenant'], call: (s) => s.metrics.listBuckets(T, 'hour', ['2026-11-24T10'], 'agent#') }] },
  monitoring: {
    getSettings: [{ uses: ['tenant'], call: (s) => s.monitoring.getSettings(T) }],
    putSettings: [{ uses: ['tenant'], call: (s) => s.monitoring.putSettings(T, {} as never, change) }],
    getCursor: [{ uses: ['tenant'], call: (s) => s.monitoring.getCursor(T) }],
    putCursor: [{ uses: ['tenant'], call: (s) => s.monitoring.putCursor(T, '2026-11-24T10:00') }],
    getBaselines: [{ uses: ['tenant'], call: (s) => s.monitoring.getBaselines(T, ['agt_1']) }],
    putBaselines: [{ uses: ['tenant'], call: (s) => s.monitoring.putBaselines(T, new Map([['agt_1', {} as never]])) }],
    recordAnomaly: [
      { uses: ['tenant'], call: (s) => s.monitoring.recordAnomaly(anomaly, change, { next: incident, expectedVersion: 1, change }) },
    ],
    hasAnomaly: [{ uses: ['tenant'], call: (s) => s.monitoring.hasAnomaly(T, 'x') }],
    openIncidentOf: [{ uses: ['tenant'], call: (s) => s.monitoring.openIncidentOf(T, 'agt_1') }],
    countOpenIncidents: [{ uses: ['tenant'], call: (s) => s.monitoring.countOpenIncidents(T) }],
    getIncident: [{ uses: ['tenant'], call: (s) => s.monitoring.getIncident(T, 'inc_1') }],
    listIncidents: [{ uses: ['tenant'], call: (s) => s.monitoring.listIncidents(T, page) }],
    listAnomalies: [{ uses: ['tenant'], call: (s) => s.monitoring.listAnomalies(T, '2026-11-24T00:00', page) }],
    saveIncident: [
      { uses: ['tenant'], call: (s) => s.monitoring.saveIncident({ ...incident, status: 'resolved' }, 1, change) },
      { uses: ['tenant'], call: (s) => s.monitoring.saveIncident(incident, undefined, change) },
    ],
  },
  notifications: {
    getChannel: [{ uses: ['tenant'], call: (s) => s.notifications.getChannel(T, 'pager') }],
    listChannels: [{ uses: ['tenant'], call: (s) => s.notifications.listChannels(T) }],
    putChannel: [{ uses: ['tenant'], call: (s) => s.notifications.putChannel({ tenantId: T, name: 'pager' } as never, change) }],
    deleteChannel: [{ uses: ['tenant'], call: (s) => s.notifications.deleteChannel(T, 'pager', change) }],
    createDelivery: [{ uses: ['tenant'], call: (s) => s.notifications.createDelivery(delivery) }],
    saveDelivery: [
      { uses: ['tenant'], call: (s) => s.notifications.saveDelivery({ ...delivery, status: 'retrying', nextAttemptAt: at }, delivery) },
    ],
    listDeliveries: [{ uses: ['tenant'], call: (s) => s.notifications.listDeliveries(T, 'pager', page) }],
    listDueDeliveries: [{ uses: ['tenant'], call: (s) => s.notifications.listDueDeliveries(T, at, 10) }],
  },
  remediation: {
    getPlaybook: [{ uses: ['tenant'], call: (s) => s.remediation.getPlaybook(T, 'p') }],
    listPlaybooks: [{ uses: ['tenant'], call: (s) => s.remediation.listPlaybooks(T) }],
    putPlaybook: [
      { uses: ['tenant'], call: (s) => s.remediation.putPlaybook(playbook, undefined, change) },
      { uses: ['tenant'], call: (s) => s.remediation.putPlaybook(playbook, 1, change) },
    ],
    deletePlaybook: [{ uses: ['tenant'], call: (s) => s.remediation.deletePlaybook(T, 'p', change) }],
    createRun: [{ uses: ['tenant'], call: (s) => s.remediation.createRun(run) }],
    getRun: [{ uses: ['tenant'], call: (s) => s.remediation.getRun(T, 'rem_1-p') }],
    saveRun: [{ uses: ['tenant'], call: (s) => s.remediation.saveRun(run, 1) }],
    listRuns: [{ uses: ['tenant'], call: (s) => s.remediation.listRuns(T, page) }],
    countRun: [{ uses: ['tenant'], call: (s) => s.remediation.countRun(T, 'agt_1', '2026-11-24T10', 'rem_1-p', 3) }],
    recordChange: [{ uses: ['tenant'], call: (s) => s.remediation.recordChange(change) }],
  },
  // Operational notes belong to no tenant: written with the function's own credentials, which on AWS
  // may write `~platform#OPS` and nothing else of the table (infra/cdk/ops-grants.ts); read as platform items.
  ops: {
    recordStreamTake: [
      {
        uses: ['platform'],
        call: (s) =>
          s.ops.recordStreamTake({
            consumer: 'usage meter',
            instance: 'i-1',
            takenAt: at,
            oldestRecordAt: at,
            newestRecordAt: at,
            oldestAgeMs: 10,
          }),
      },
    ],
    listStreamTakes: [{ uses: ['shared'], call: (s) => s.ops.listStreamTakes() }],
    addApiAnswers: [{ uses: ['platform'], call: (s) => s.ops.addApiAnswers({ hour: '2026-11-24T10', answers: 3, serverErrors: 1 }) }],
    listApiAnswers: [{ uses: ['shared'], call: (s) => s.ops.listApiAnswers('2026-11-24T09', '2026-11-24T10') }],
    getSweepCursor: [{ uses: ['shared'], call: (s) => s.ops.getSweepCursor() }],
    putSweepCursor: [{ uses: ['platform'], call: (s) => s.ops.putSweepCursor({ day: '2026-11-24', after: T, done: false }) }],
  },
  maturity: {
    // The tenant's series under its own client; the platform's list of latest levels by the cross-tenant job only.
    saveSnapshot: [
      {
        uses: ['tenant', 'platform'],
        call: (s) => s.maturity.saveSnapshot({ tenantId: T, week: '2026-11-23', at, level: 2, name: 'foundational', score: 40, met: [] }),
      },
    ],
    listSnapshots: [{ uses: ['tenant'], call: (s) => s.maturity.listSnapshots(T, 52) }],
    listLatest: [{ uses: ['shared'], call: (s) => s.maturity.listLatest(page) }],
    latestWeeks: [{ uses: ['shared'], call: (s) => s.maturity.latestWeeks([T, 'globex']) }],
  },
  orgTemplates: {
    // Written only by the cross-tenant org-policy function; every tenant's templates function reads them (`~platform#`).
    getTemplate: [{ uses: ['shared'], call: (s) => s.orgTemplates.getTemplate('ours') }],
    listTemplates: [{ uses: ['shared'], call: (s) => s.orgTemplates.listTemplates(200) }],
    putTemplate: [
      { uses: ['platform'], call: (s) => s.orgTemplates.putTemplate({ id: 'ours', version: 1, template: {} } as never, change) },
      { uses: ['platform'], call: (s) => s.orgTemplates.putTemplate({ id: 'ours', version: 2, template: {} } as never, change) },
    ],
    listVersions: [{ uses: ['shared'], call: (s) => s.orgTemplates.listVersions('ours', page) }],
    putRequired: [
      { uses: ['platform'], call: (s) => s.orgTemplates.putRequired({ id: 'pii-guardrail', parameters: {} } as never, change) },
    ],
    listRequired: [{ uses: ['shared'], call: (s) => s.orgTemplates.listRequired(200) }],
  },
  digests: {
    head: [{ uses: ['tenant'], call: (s) => s.digests.head(T) }],
    advance: [
      {
        uses: ['tenant'],
        call: (s) =>
          s.digests.advance(T, { sequence: 1, lastHash: 'h', spanFrom: at, through: at }, undefined, {
            sequence: 1,
            hour: at,
            jws: 'j',
            leaves: { '0': [[`${at}#dec_1`, 'h']] },
          }),
      },
    ],
    list: [{ uses: ['tenant'], call: (s) => s.digests.list(T, { fromHour: at, toHour: at }, page) }],
    neighbour: [{ uses: ['tenant'], call: (s) => s.digests.neighbour(T, at, 'before') }],
    records: [
      { uses: ['tenant'], call: (s) => s.digests.records({ tenantId: T, day: at.slice(0, 10), shard: 0 }, { from: at, to: at }, 10) },
    ],
    firstRecordAt: [{ uses: ['tenant'], call: (s) => s.digests.firstRecordAt(T, { from: at, to: '2026-11-25T00:00:00.000Z' }) }],
    put: [{ uses: ['tenant'], call: (s) => s.digests.put(T, at, 'k', [[`${at}#dec_1`, 'h']]) }],
    leavesOf: [{ uses: ['tenant'], call: (s) => s.digests.leavesOf(T, at, 10) }],
    firstHour: [{ uses: ['tenant'], call: (s) => s.digests.firstHour(T, { from: at, to: at }) }],
  },
};

describe('DynamoDB stores: the client each call uses', () => {
  it('has a case for every method of every store, so a new method must say which client it uses', () => {
    const all = stores();
    for (const [store, cases] of Object.entries(CASES))
      expect(Object.keys(all[store as keyof Stores]).sort(), store).toEqual(Object.keys(cases).sort());
  });

  for (const [store, methods] of Object.entries(CASES)) {
    describe(`Store: ${store}`, () => {
      for (const [method, cases] of Object.entries(methods)) {
        it.each(cases.map((testCase, index) => ({ ...testCase, index })))(
          `Method: ${method} (#$index) uses $uses and nothing the tenant role refuses`,
          async ({ uses, call }) => {
            // Prepare
            const all = stores();
            // Act
            await call(all);
            // Assess
            const { calls } = all.emulator;
            expect(calls.length).toBeGreaterThan(0);
            const kinds = [...new Set(calls.map((use) => (use.client.startsWith('tenant:') ? 'tenant' : use.client)))].sort();
            expect(kinds).toEqual([...uses].sort());
            expect(calls.filter((use) => use.client.startsWith('tenant:')).map((use) => use.client)).toEqual(
              calls.filter((use) => use.client.startsWith('tenant:')).map(() => `tenant:${T}`),
            );
            expect(calls.filter((use) => use.client !== 'platform' && use.refused !== undefined)).toEqual([]);
          },
        );
      }
    });
  }
});

describe('Function: emulateTenantRole', () => {
  it("refuses a tenant's client another tenant's key, a write of a shared item, an index read through the shared client, and any platform call", async () => {
    const { emulator, tenancy, policies } = stores();
    const { clients } = emulator;
    await createDynamoDbTenancyStore({ ...clients, forTenant: () => clients.forTenant('rival') }, tables).getTenant(T);
    await createDynamoDbPolicyStore({ ...clients, platform: clients.shared }, tables).putTestLibrary(org, library, 0, change);
    await createDynamoDbTenancyStore({ ...clients, platform: clients.shared }, tables).listTenants(page);
    await tenancy.listTenants(page);
    await policies.getOrgEpoch();
    expect(emulator.refused().map((call) => call.refused)).toEqual([
      `tenant:rival reads ${tables.control}:${T}`,
      expect.stringMatching(/^shared writes /),
      `shared reads ${tables.control}/gsi1:TENANTS`,
      expect.stringMatching(/^the platform client/),
    ]);
  });
});
