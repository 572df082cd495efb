/**
 * A representative first event for every function, built on the data `seed.ts` created: what API
 * Gateway, the agent authorizer, EventBridge, the audit stream or the state machine would send.
 * Where a function writes, the event of run `run` names something new (a tenant, a team, a
 * counter), so every run does the same work as the first.
 */
import { gatewayClaims } from '../../infra/local/apigw-event';
import { ROUTES } from '../../shared/manifest/routes';
import type { RouteSpec } from '../../shared/manifest/route-spec';
import type { Seeded } from './seed';

interface HttpOptions {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** Operator token, or the agent authorizer's context. */
  operator?: string;
  agent?: Record<string, string>;
}

const decodePayload = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;

function httpEvent(route: RouteSpec, options: HttpOptions = {}) {
  const rawPath = route.path.replace(/\{(\w+)\}/g, (_, name: string) => options.params?.[name] ?? name);
  const headers: Record<string, string> = { host: 'api.example.com', 'content-type': 'application/json', 'user-agent': 'cold-start' };
  if (options.operator) headers.authorization = `Bearer ${options.operator}`;
  const authorizer = options.operator
    ? { jwt: { claims: gatewayClaims(decodePayload(options.operator)), scopes: null } }
    : options.agent
      ? { lambda: options.agent }
      : undefined;
  return {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    headers,
    ...(options.query ? { queryStringParameters: options.query } : {}),
    ...(options.params ? { pathParameters: options.params } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'cold-start',
      domainName: 'api.example.com',
      http: { method: route.method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'cold-start' },
      requestId: 'cold-start-request',
      routeKey: `${route.method} ${route.path}`,
      stage: '$default',
      timeEpoch: Date.now(),
      ...(authorizer ? { authorizer } : {}),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    isBase64Encoded: false,
  };
}

const eventBridge = (event: { source: string; detailType: string; detail: unknown }, id: string) => ({
  version: '0',
  id,
  'detail-type': event.detailType,
  source: event.source,
  account: '000000000000',
  time: new Date().toISOString(),
  region: 'us-east-1',
  resources: [],
  detail: event.detail,
});

/** The first event of function `id` in run `run` (0, 1, ...). */
export function firstEvent(id: string, seeded: Seeded, run: number): unknown {
  const { tenantId, admin, platform, agent, approvalId, period } = seeded;
  const tenant = { tenantId };
  const unique = `${seeded.runTag}-${run}`;
  const agentContext = { tenantId, agentId: agent.id, keyId: agent.keyId, tenantStatus: 'active', agentStatus: 'active' };
  switch (id) {
    case 'health':
      return httpEvent(ROUTES.health);
    case 'openapi':
      return httpEvent(ROUTES.openapi);
    case 'tenants-onboard':
      return httpEvent(ROUTES.onboardTenant, {
        operator: platform,
        body: { id: `cs-${unique}`, name: 'Cold start', tier: 'business', environments: ['prod'] },
      });
    case 'tenants-list':
      return httpEvent(ROUTES.listTenants, { operator: platform });
    case 'tenants-get':
      return httpEvent(ROUTES.getTenant, { operator: admin, params: tenant });
    case 'tenants-update':
      return httpEvent(ROUTES.updateTenant, { operator: platform, params: tenant, body: { name: `Cold start ${unique}` } });
    case 'teams-create':
      return httpEvent(ROUTES.createTeam, { operator: admin, params: tenant, body: { name: `t-${unique}` } });
    case 'teams-list':
      return httpEvent(ROUTES.listTeams, { operator: admin, params: tenant });
    case 'teams-update':
      return httpEvent(ROUTES.updateTeam, { operator: admin, params: { ...tenant, team: 'ops' }, body: { description: `run ${unique}` } });
    case 'roles-put':
      return httpEvent(ROUTES.putRole, { operator: admin, params: { ...tenant, role: 'bot' }, body: { description: `run ${unique}` } });
    case 'roles-get':
      return httpEvent(ROUTES.getRole, { operator: admin, params: { ...tenant, role: 'bot' } });
    case 'roles-list':
      return httpEvent(ROUTES.listRoles, { operator: admin, params: tenant });
    case 'agents-register':
      return httpEvent(ROUTES.registerAgent, {
        operator: admin,
        params: tenant,
        body: { name: `a-${unique}`, team: 'ops', role: 'bot', environment: 'prod', owner: 'bench' },
      });
    case 'agents-list':
      return httpEvent(ROUTES.listAgents, { operator: admin, params: tenant });
    case 'agents-get':
      return httpEvent(ROUTES.getAgent, { operator: admin, params: { ...tenant, agentId: agent.id } });
    case 'agents-update':
      return httpEvent(ROUTES.updateAgent, {
        operator: admin,
        params: { ...tenant, agentId: agent.id },
        body: { description: `run ${unique}` },
      });
    case 'agents-rotate-key':
      return httpEvent(ROUTES.rotateAgentKey, {
        operator: admin,
        params: { ...tenant, agentId: seeded.spareAgentId },
        body: { graceMinutes: 5 },
      });
    case 'agents-lifecycle':
      return run % 2 === 0
        ? httpEvent(ROUTES.suspendAgent, {
            operator: admin,
            params: { ...tenant, agentId: seeded.spareAgentId },
            body: { reason: 'cold start' },
          })
        : httpEvent(ROUTES.reinstateAgent, {
            operator: admin,
            params: { ...tenant, agentId: seeded.spareAgentId },
            body: { reason: 'cold start' },
          });
    case 'agent-self':
      return httpEvent(ROUTES.agentSelf, { agent: agentContext });
    case 'agent-self-rotate-key':
      // A week's grace: the seeded key the authorizer's event carries keeps working through every run.
      return httpEvent(ROUTES.rotateOwnKey, { agent: agentContext, body: { graceMinutes: 10_080 } });
    case 'agent-bundle':
      return httpEvent(ROUTES.agentBundle, { agent: agentContext });
    case 'policies-write':
      return httpEvent(ROUTES.savePolicy, { operator: admin, params: { ...tenant, scope: 'tenant' }, body: seeded.policyDraft });
    case 'policies-read':
      return httpEvent(ROUTES.listPolicyVersions, { operator: admin, params: { ...tenant, scope: 'tenant' } });
    case 'policy-tests':
      return httpEvent(ROUTES.getPolicyTests, { operator: admin, params: tenant });
    case 'policy-impact':
      return httpEvent(ROUTES.policyImpact, { operator: admin, params: { ...tenant, scope: 'tenant', version: '1' }, body: {} });
    case 'policies-simulate':
      return httpEvent(ROUTES.simulate, {
        operator: admin,
        params: tenant,
        body: { agentId: agent.id, request: { action: 'pay:invoice', context: { amount: 50 } } },
      });
    case 'org-policy':
      return httpEvent(ROUTES.listOrgPolicyVersions, { operator: platform });
    case 'authorize':
      return httpEvent(ROUTES.authorize, {
        agent: agentContext,
        body: { action: 'pay:invoice', resource: `invoice/${unique}`, context: { amount: 50 } },
      });
    case 'audit-query':
      return httpEvent(ROUTES.queryAudit, { operator: admin, params: tenant });
    case 'audit-digests':
      return httpEvent(ROUTES.verifyAudit, {
        operator: admin,
        params: tenant,
        body: { from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date().toISOString() },
      });
    case 'audit-digest-sealer':
      return { scheduleId: 'audit-digests', scheduledAt: new Date().toISOString() };
    case 'usage':
      return httpEvent(ROUTES.usage, { operator: admin, params: tenant, query: { period } });
    case 'monitoring':
      return httpEvent(ROUTES.listAnomalies, { operator: admin, params: tenant, query: {} });
    case 'incidents':
      return httpEvent(ROUTES.listIncidents, { operator: admin, params: tenant, query: {} });
    case 'channels':
      return httpEvent(ROUTES.listChannels, { operator: admin, params: tenant });
    case 'notify':
      return eventBridge(
        {
          ...seeded.agentRegistered,
          source: 'warden.monitoring',
          detailType: 'Incident.Resolved',
          detail: { tenantId: seeded.tenantId, incidentId: 'inc_1', severity: 'high' },
        },
        `cs-${unique}`,
      );
    case 'playbooks':
      return httpEvent(ROUTES.listPlaybooks, { operator: admin, params: tenant });
    case 'remediations':
      return httpEvent(ROUTES.listRemediations, { operator: admin, params: tenant, query: {} });
    case 'remediation-trigger':
      return eventBridge(
        {
          source: 'warden.monitoring',
          detailType: 'Anomaly.Detected',
          detail: {
            tenantId: seeded.tenantId,
            auditId: `aud_01K${String(run).padStart(23, '0')}`,
            anomalyId: `anm_${unique}`,
            kind: 'deny_spike',
            agentId: agent.id,
            team: 'ops',
            observed: 0.9,
            baseline: 0.05,
            score: 8,
            window: { from: new Date().toISOString(), to: new Date().toISOString() },
          },
        },
        `cs-${unique}`,
      );
    case 'remediation-steps':
      return { step: 'run', tenantId, runId: `rem_01K${String(run).padStart(23, '0')}-cold-start`, index: 0 };
    case 'retry-deliveries':
    case 'detect-anomalies':
    case 'hygiene-sweep':
    case 'maturity-snapshot':
      return { scheduleId: id, scheduledAt: new Date().toISOString() };
    case 'maturity':
      return httpEvent(ROUTES.getMaturity, { operator: admin, params: tenant, query: {} });
    case 'templates':
      return httpEvent(ROUTES.applyTemplate, {
        operator: admin,
        params: { ...tenant, templateId: 'pii-guardrail' },
        body: { reason: `run ${unique}` },
      });
    case 'platform-metrics':
      return httpEvent(ROUTES.platformMetrics, { operator: platform, query: { window: '24h' } });
    case 'metrics':
      return httpEvent(ROUTES.tenantMetrics, { operator: admin, params: tenant, query: { window: '24h' } });
    case 'usage-meter':
    case 'audit-leaf-capture':
    case 'decision-feed':
    case 'metrics-rollup':
      return {
        Records: [
          {
            ...seeded.decisionRecord,
            dynamodb: {
              ...seeded.decisionRecord.dynamodb,
              SequenceNumber: String(BigInt(seeded.decisionRecord.dynamodb.SequenceNumber) + BigInt(run + 1) * 1000n),
            },
          },
        ],
      };
    case 'approvals':
      return httpEvent(ROUTES.listApprovals, { operator: admin, params: tenant });
    case 'grants':
      return httpEvent(ROUTES.listGrants, { operator: admin, params: tenant });
    case 'access-requests':
      return httpEvent(ROUTES.requestAccess, { agent: agentContext, body: { action: 'read:report', resource: `report/${unique}` } });
    case 'approval-steps':
      return { step: 'state', tenantId, approvalId };
    case 'approvals-agent-left':
      return eventBridge(seeded.agentSuspended, `cs-${unique}`);
    case 'price-plans':
      return httpEvent(ROUTES.getPricePlan, { operator: platform, params: { tier: 'business' } });
    case 'billing':
      return httpEvent(ROUTES.tenantBillingExport, { operator: admin, params: tenant, query: { period, format: 'json' } });
    case 'agent-authorizer':
      return {
        version: '2.0',
        type: 'REQUEST',
        routeArn: 'arn:aws:execute-api:us-east-1:000000000000:cold-start/$default/POST/v1/authorize',
        identitySource: [`Bearer ${agent.apiKey}`],
        routeKey: 'POST /v1/authorize',
        rawPath: '/v1/authorize',
        rawQueryString: '',
        headers: { authorization: `Bearer ${agent.apiKey}` },
        requestContext: httpEvent(ROUTES.authorize).requestContext,
      };
    case 'audit-stream-relay':
      return [seeded.changeRecord];
    case 'tenant-stats-projection':
      return eventBridge(
        { ...seeded.agentRegistered, detail: { ...seeded.agentRegistered.detail, auditId: `cs-${unique}` } },
        `cs-${unique}`,
      );
    default:
      throw new Error(`No representative event for function ${id}: add one to bench/cold-start/events.ts`);
  }
}
