/**
 * Bad input, property-based: for every route that takes a body, arbitrary JSON, mutations of a
 * valid body and text that is not JSON never produce a 5xx, and every refusal has the error shape
 * naming the field.
 */
import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDynamoDbMonitoringStore } from '../../shared/adapters/dynamodb/dynamodb-monitoring-store';
import { systemClock } from '../../shared/kernel/clock';
import { createIdGenerator } from '../../shared/kernel/ids';
import { ROUTES } from '../../shared/manifest/routes';
import type { RouteSpec } from '../../shared/manifest/route-spec';
import { anomalyChange, anomalyOf } from '../../shared/monitoring/anomaly';
import { incidentChange, openedBy } from '../../shared/monitoring/incident';
import { runtimeStores } from '../support/runtime-stores';
import { unique, wardenClient } from '../support/warden-client';

const api = wardenClient(inject('runtimeUrl'), inject('runtimeDataDir'));
const RUNS = 20;

/**
 * The org template the platform template routes are fuzzed with: a guardrail that can only lock
 * `fuzz:` actions (its parameter's pattern says so), so no accepted require adds a rule anything
 * else could meet to an org draft.
 */
const FUZZ_TEMPLATE_ID = unique('fuzz-guardrail');
const fuzzGuardrail = {
  id: FUZZ_TEMPLATE_ID,
  kind: 'policy',
  title: 'Fuzz guardrail',
  description: 'Locks fuzz actions.',
  parameters: [
    { name: 'actions', description: 'Fuzz actions', type: 'string-list', default: ['fuzz:required'], pattern: 'fuzz:[a-z*]{1,20}' },
  ],
  scopes: ['org', 'tenant'],
  guardrail: true,
  rules: [{ id: 'deny', effect: 'deny', actions: ['{{actions}}'], locked: true }],
};

interface Context {
  tenantId: string;
  spareTenantId: string;
  agentId: string;
  platform: string;
  admin: string;
  rollbackTo?: number;
  version?: number;
  apiKey?: string;
  approvalId?: string;
  incidentId?: string;
}

/** A valid body for each route with a body, so mutations start from something accepted. */
function validBody(route: RouteSpec, context: Context): Record<string, unknown> {
  switch (route.path) {
    case '/v1/tenants':
      return { id: unique('fuzz'), name: 'Fuzz', tier: 'business', environments: ['dev'] };
    case '/v1/tenants/{tenantId}':
      return { name: 'Renamed', quotas: { decisionsPerDay: 10 } };
    case '/v1/tenants/{tenantId}/teams':
      return { name: unique('team'), quotas: { decisionsPerMonth: 100 } };
    case '/v1/tenants/{tenantId}/teams/{team}':
      return { description: 'Operations', quotas: { decisionsPerMonth: 1000 }, reason: 'fuzz' };
    case '/v1/tenants/{tenantId}/roles/{role}':
      return { description: 'A role' };
    case '/v1/tenants/{tenantId}/agents':
      return { name: 'fuzzed', team: 'ops', role: 'bot', environment: 'dev', owner: 'o', labels: { a: 'b' } };
    case '/v1/tenants/{tenantId}/agents/{agentId}':
      return { labels: { x: 'y' } };
    case '/v1/tenants/{tenantId}/agents/{agentId}/rotate-key':
    case '/v1/agent/self/rotate-key':
      return { graceMinutes: 5 };
    case '/v1/tenants/{tenantId}/policies/{scope}':
    case '/v1/org/policy':
      return { reason: 'testing', rules: [{ id: 'r1', effect: 'deny', actions: ['fuzz:*'], locked: true }] };
    case '/v1/tenants/{tenantId}/policies/{scope}/rollback':
      return { toVersion: context.rollbackTo ?? 1, reason: 'testing' };
    case '/v1/tenants/{tenantId}/policy-tests':
    case '/v1/org/policy-tests':
      return {
        scenarios: [
          { name: 'fuzz', agent: { team: 'ops', role: 'bot', environment: 'dev' }, request: { action: 'fuzz:go' }, expect: 'deny' },
        ],
      };
    case '/v1/tenants/{tenantId}/policies/{scope}/versions/{version}/impact':
      return { sinceHours: 2, limit: 100 };
    case '/v1/tenants/{tenantId}/policy-tests/run':
      return { scope: 'tenant', version: 1 };
    case '/v1/authorize':
      return { action: 'fuzz:go', tool: 't', resource: 'a/b', context: { n: 1 } };
    case '/v1/authorize/batch':
      return { requests: [{ action: 'fuzz:go' }, { action: 'fuzz:stop', resource: 'x' }] };
    case '/v1/decision-logs':
      // Accepted as a shipment; its one decision is rejected (a bundle Warden never issued).
      return {
        decisions: [
          { localId: 'fuzz-00000001', at: new Date().toISOString(), request: { action: 'fuzz:go' }, effect: 'deny', bundleEtag: '"b1-x"' },
        ],
      };
    case '/v1/tenants/{tenantId}/audit/verify':
      return { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date().toISOString() };
    case '/v1/tenants/{tenantId}/approvals/{approvalId}/approve':
    case '/v1/tenants/{tenantId}/approvals/{approvalId}/reject':
      return { comment: 'testing' };
    case '/v1/price-plans/{tier}':
      return {
        currency: 'USD',
        prices: { decisionsPer1000: '0.5', approval: '1', activeAgentMonth: '2.25' },
        included: { decisions: 10, approvals: 0, activeAgents: 1 },
      };
    case '/v1/access-requests':
      return { action: 'fuzz:go', tool: 't', resource: 'a/b', minutes: 5, justification: 'testing' };
    case '/v1/tenants/{tenantId}/monitoring':
      return { learningMinutes: 30, detectors: { volume_spike: { zScore: 6 }, deny_spike: { enabled: false } } };
    case '/v1/tenants/{tenantId}/incidents/{incidentId}/acknowledge':
    case '/v1/tenants/{tenantId}/incidents/{incidentId}/resolve':
      return { note: 'testing' };
    case '/v1/tenants/{tenantId}/channels/{channel}':
      return { kind: 'webhook', url: 'http://127.0.0.1:9/hook', events: ['Incident.Opened'] };
    case '/v1/tenants/{tenantId}/playbooks/{playbookId}':
      return { description: 'Fuzz', trigger: { event: 'Key.Expiring' }, steps: [{ type: 'notify' }], mode: 'dry_run' };
    case '/v1/tenants/{tenantId}/templates/{templateId}/apply':
      return { parameters: { bulkThreshold: 500, classifications: ['pii'] }, scope: 'role:bot', reason: 'fuzz' };
    case '/v1/templates/{templateId}':
      return { template: fuzzGuardrail, reason: 'fuzz' };
    case '/v1/templates/{templateId}/require':
      return { reason: 'fuzz', parameters: { actions: ['fuzz:locked'] } };
    case '/v1/tenants/{tenantId}/simulate':
      return { agentId: context.agentId, request: { action: 'fuzz:go', tool: 't', resource: 'a/b' } };
    default:
      return { reason: 'testing' };
  }
  void context;
}

function pathOf(route: RouteSpec, context: Context): string {
  const tenant = route.path === '/v1/tenants/{tenantId}' ? context.spareTenantId : context.tenantId;
  return route.path
    .replace('{tenantId}', tenant)
    .replace('{agentId}', context.agentId)
    .replace('{role}', 'bot')
    .replace('{team}', 'ops')
    .replace('{scope}', 'tenant')
    .replace('{version}', String(context.version ?? 1))
    .replace('{tier}', 'fuzz-tier')
    .replace('{approvalId}', context.approvalId ?? 'apr_00000000000000000000000000')
    .replace('{incidentId}', context.incidentId ?? 'inc_00000000000000000000000000')
    .replace('{channel}', 'pager')
    .replace('{playbookId}', 'fuzz-playbook')
    .replace('{templateId}', route.path.startsWith('/v1/templates/') ? FUZZ_TEMPLATE_ID : 'pii-guardrail');
}

const routesWithBody: RouteSpec[] = Object.values(ROUTES).filter((route: RouteSpec) => route.body !== undefined);

function expectWellFormed(response: { status: number; body: any }) {
  expect(response.status).toBeLessThan(500);
  if (response.status >= 400) {
    expect(response.body).toEqual({
      error: { code: expect.any(String), message: expect.any(String), details: expect.any(Array), requestId: expect.any(String) },
    });
  }
}

describe('Bad input on every route with a body', () => {
  const context = {} as Context;

  beforeAll(async () => {
    context.platform = await api.token({ roles: ['platform-admin'] });
    context.tenantId = unique('fuzz');
    context.spareTenantId = unique('fuzz-spare');
    for (const id of [context.tenantId, context.spareTenantId]) {
      expect((await api.post('/v1/tenants', context.platform, { id, name: 'Fuzz', tier: 'business', environments: ['dev'] })).status).toBe(
        201,
      );
    }
    context.admin = await api.token({ roles: ['tenant-admin'], tenant: context.tenantId });
    await api.post(`/v1/tenants/${context.tenantId}/teams`, context.admin, { name: 'ops' });
    await api.put(`/v1/tenants/${context.tenantId}/roles/bot`, context.admin, { description: 'A bot' });
    // Another admin registers the agents: whoever registers an agent may not decide its approvals for 30 days.
    const registrar = await api.token({ roles: ['tenant-admin'], tenant: context.tenantId, sub: 'registrar@test' });
    const registered = await api.post(`/v1/tenants/${context.tenantId}/agents`, registrar, validBody(ROUTES.registerAgent, context));
    context.agentId = registered.body.agent.id;
    // The agent routes call with another agent's key: the routes above suspend and decommission the first.
    context.apiKey = (
      await api.post(`/v1/tenants/${context.tenantId}/agents`, registrar, validBody(ROUTES.registerAgent, context))
    ).body.apiKey;
  });

  const platformRoute = (route: RouteSpec) =>
    ['tenant:', 'org-policy:', 'price-plan:', 'template:write', 'template:versions'].some((prefix) => route.permission?.startsWith(prefix));
  const send = async (route: RouteSpec, options: { body?: unknown; rawBody?: string }) => {
    const response = await api.request(route.method, pathOf(route, context), {
      token: route.auth === 'agent' ? context.apiKey! : platformRoute(route) ? context.platform : context.admin,
      ...options,
    });
    // An accepted body rotates the agent's own key (graceMinutes 0 retires the old one at once): call on with the new key.
    if (route.path === ROUTES.rotateOwnKey.path && response.status === 200) context.apiKey = response.body.apiKey;
    return response;
  };

  /** A fresh draft to publish, of the tenant scope or of the org document. */
  async function draft(org: boolean): Promise<number> {
    // The org document and library are shared by every test file: they only lock fuzz:* actions, which nothing else uses.
    const saved = org
      ? await api.put('/v1/org/policy', context.platform, {
          reason: 'fuzz',
          rules: [{ id: 'no-fuzz', effect: 'deny', actions: ['fuzz:*'], locked: true }],
        })
      : await api.put(`/v1/tenants/${context.tenantId}/policies/tenant`, context.admin, { reason: 'fuzz', rules: [] });
    expect(saved.status).toBe(201);
    return saved.body.version;
  }

  /** A pending approval the tenant admin may decide: a require_approval rule published, then asked for. */
  async function pendingApproval(): Promise<string> {
    const saved = await api.put(`/v1/tenants/${context.tenantId}/policies/tenant`, context.admin, {
      reason: 'fuzz',
      rules: [{ id: 'ask', effect: 'require_approval', actions: ['fuzzy:ask'] }],
    });
    expect(
      (
        await api.post(`/v1/tenants/${context.tenantId}/policies/tenant/versions/${saved.body.version}/publish`, context.admin, {
          reason: 'fuzz',
        })
      ).status,
    ).toBe(200);
    const asked = await api.request('POST', '/v1/authorize', {
      token: context.apiKey!,
      body: { action: 'fuzzy:ask', resource: unique('r') },
    });
    expect(asked.body.approvalId).toMatch(/^apr_/);
    return asked.body.approvalId;
  }

  /** An open incident, recorded as the detection job records one (no route opens incidents). */
  async function openIncident(): Promise<string> {
    const { clients, tables } = runtimeStores(inject('runtimeLogFile'));
    const ids = createIdGenerator(systemClock);
    // Each incident of its own agent, so none joins another.
    const anomaly = anomalyOf({
      tenantId: context.tenantId,
      agentId: ids.next('agt'),
      team: 'ops',
      minute: new Date().toISOString().slice(0, 16),
      detection: { kind: 'volume_spike', observed: 100, baseline: 5, score: 12 },
      detectedAt: new Date().toISOString(),
    });
    const incident = openedBy(anomaly, ids.next('inc'));
    const actor = { type: 'system', name: 'detectors' } as const;
    const recorded = await createDynamoDbMonitoringStore(clients, tables).recordAnomaly(anomaly, anomalyChange(anomaly, ids.next('aud')), {
      next: incident,
      expectedVersion: undefined,
      change: incidentChange(incident, undefined, { id: ids.next('aud'), actor }),
    });
    expect(recorded).toBe(true);
    return incident.id;
  }

  /** Puts the state a route's valid body needs in place (publishing needs a draft, rollback an earlier published version). */
  async function prepare(route: RouteSpec) {
    if (route.path.includes('{approvalId}')) context.approvalId = await pendingApproval();
    if (route.path.includes('{incidentId}')) context.incidentId = await openIncident();
    if (route.path.endsWith('/publish')) context.version = await draft(route.path.startsWith('/v1/org'));
    if (route.path === ROUTES.requireTemplate.path)
      expect(
        (await api.put(`/v1/templates/${FUZZ_TEMPLATE_ID}`, context.platform, { template: fuzzGuardrail, reason: 'fuzz' })).status,
      ).toBe(201);
    if (route.path.endsWith('/rollback')) {
      for (const index of [0, 1]) {
        const version = await draft(false);
        expect(
          (await api.post(`/v1/tenants/${context.tenantId}/policies/tenant/versions/${version}/publish`, context.admin, { reason: 'fuzz' }))
            .status,
        ).toBe(200);
        if (index === 0) context.rollbackTo = version;
      }
    }
  }

  describe.each(routesWithBody.map((route) => [`${route.method} ${route.path}`, route] as const))('%s', (_name, route) => {
    // Applying a template adds scenarios that pass only once its draft is published: put the fuzz
    // library back, so later publishes (and other files' org publishes) do not fail on them.
    if (route.path === ROUTES.applyTemplate.path)
      afterEach(async () => {
        const reset = await api.put(
          `/v1/tenants/${context.tenantId}/policy-tests`,
          context.admin,
          validBody(ROUTES.putPolicyTests, context),
        );
        expect(reset.status).toBe(200);
      });

    it('accepts its valid body', async () => {
      await prepare(route);
      const response = await send(route, { body: validBody(route, context) });
      expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
    });

    it('never answers arbitrary JSON with a 5xx', async () => {
      await fc.assert(
        fc.asyncProperty(fc.jsonValue(), async (body) => expectWellFormed(await send(route, { rawBody: JSON.stringify(body) }))),
        { numRuns: RUNS },
      );
    });

    it('names the field when one field of a valid body is wrong', async () => {
      const valid = validBody(route, context);
      const fields = Object.keys(valid);
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...fields), fc.jsonValue(), async (field, value) => {
          const response = await send(route, { body: { ...valid, [field]: value } });
          expectWellFormed(response);
          if (response.status === 400)
            expect(response.body.error.details.map((detail: { path?: string }) => detail.path?.split('.')[0])).toContain(field);
        }),
        { numRuns: RUNS },
      );
    });

    it('refuses unknown fields, naming them', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.string({ minLength: 1, maxLength: 12 }).filter((name) => !(name in validBody(route, context)) && name !== '__proto__'),
          fc.jsonValue(),
          async (name, value) => {
            const response = await send(route, { body: { ...validBody(route, context), [name]: value } });
            expectWellFormed(response);
            expect(response.status).toBe(400);
          },
        ),
        { numRuns: RUNS },
      );
    });

    it('refuses text that is not JSON with 400 invalid_json', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.string({ minLength: 1 }).filter((text) => {
            try {
              JSON.parse(text);
              return false;
            } catch {
              return true;
            }
          }),
          async (text) => {
            const response = await send(route, { rawBody: text });
            expectWellFormed(response);
            expect(response.status).toBe(400);
            expect(response.body.error.code).toBe('invalid_json');
          },
        ),
        { numRuns: RUNS },
      );
    });
  });

  it('refuses a body over 1 MB with 413', async () => {
    const response = await send(ROUTES.createTeam, { rawBody: JSON.stringify({ name: 'x', description: 'y'.repeat(1_100_000) }) });
    expect(response.status).toBe(413);
    expectWellFormed(response);
  });

  it('names the query parameter when a query value is wrong', async () => {
    const response = await api.get(`/v1/tenants/${context.tenantId}/agents?limit=abc&status=gone`, context.admin);
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((detail: { path: string }) => detail.path).sort()).toEqual(['limit', 'status']);
  });

  it('names the path parameter when a path value is wrong', async () => {
    const response = await api.get(`/v1/tenants/${context.tenantId}/agents/not-an-agent-id`, context.admin);
    expect(response.status).toBe(400);
    expect(response.body.error.details[0]).toMatchObject({ path: 'agentId', in: 'path' });
  });
});
