/**
 * Templates, as a hostile tenant or a careless caller would try them: only a tenant admin of the
 * tenant applies one (auditors, team leads, finance and agent keys are refused, and so is another
 * tenant's admin, who learns nothing of the tenant); hostile parameters (a string that tries to
 * break out of its CEL literal, 10,000 characters, 1,000 keys, `__proto__`) answer 400 naming the
 * parameter, never 500, and never loosen a decision: the published guardrail keeps denying.
 * Org templates and requiring a guardrail of every tenant are the platform admin's alone: tenant
 * roles, platform finance and agent keys are refused and change nothing; hostile bodies answer
 * 400 or 413, never 500, and save nothing.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { tenantWithAgent, unique, wardenClient } from '../support/warden-client';

const api = wardenClient(inject('runtimeUrl'), inject('runtimeDataDir'));

const BREAKOUT = 'a" || true || "';

describe('Template scope', () => {
  let tenantId: string;
  let admin: string;
  let apiKey: string;
  let other: { tenantId: string; admin: string };
  const path = (rest: string) => `/v1/tenants/${tenantId}${rest}`;
  const apply = (templateId: string, body: unknown, token = admin, tenant = tenantId) =>
    api.post(`/v1/tenants/${tenant}/templates/${templateId}/apply`, token, body);
  /** The tenant's state a refused or hostile call must leave as it was. */
  const state = async () => ({
    policies: (await api.get(path('/policies'), admin)).body,
    tests: (await api.get(path('/policy-tests'), admin)).body,
    roles: (await api.get(path('/roles'), admin)).body,
  });
  /** What the agent gets for exporting PII: the published guardrail denies it. */
  const exportPii = async () =>
    (
      await api.request('POST', '/v1/authorize', {
        token: apiKey,
        body: { action: 'crm:export', resource: 'customers/1', context: { classification: 'pii' } },
      })
    ).body.effect;

  beforeAll(async () => {
    ({ tenantId, admin, apiKey } = await tenantWithAgent(api, 'tpl-scope', {
      rules: [{ id: 'crm', effect: 'allow', actions: ['crm:*'] }],
    }));
    other = await tenantWithAgent(api, 'tpl-other');
    const applied = await apply('pii-guardrail', {});
    expect(applied.status, JSON.stringify(applied.body)).toBe(201);
    const published = await api.post(path(`/policies/tenant/versions/${applied.body.drafts[0].version}/publish`), admin, {
      reason: 'guardrail',
    });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect(await exportPii()).toBe('deny');
  });

  it('refuses auditors, team leads, finance and agent keys, and changes nothing', async () => {
    const before = await state();
    for (const roles of [['auditor'], ['team-lead'], ['finance'], ['security']]) {
      const token = await api.token({ roles, tenant: tenantId, teams: ['ops'] });
      for (const templateId of ['pii-guardrail', 'customer-support-assistant']) {
        const refused = await apply(templateId, {}, token);
        expect(refused.status, `${roles[0]} ${templateId}`).toBe(403);
      }
      // Reading the templates is every operator's.
      expect((await api.get('/v1/templates', token)).status).toBe(200);
    }
    const byAgent = await api.request('POST', path('/templates/pii-guardrail/apply'), { token: apiKey, body: {} });
    expect([401, 403]).toContain(byAgent.status);
    expect(await state()).toEqual(before);
  });

  it("refuses another tenant's admin, who learns nothing of the tenant", async () => {
    const before = await state();
    for (const templateId of ['pii-guardrail', 'customer-support-assistant', 'no-such-template']) {
      const refused = await apply(templateId, { scope: 'role:bot' }, other.admin);
      expect(refused.status, templateId).toBe(403);
      const text = JSON.stringify(refused.body);
      for (const secret of ['bot', 'ops', 'crm', 'tpl.pii-guardrail']) expect(text).not.toContain(secret);
    }
    // The same calls on its own tenant are accepted (so the 403 above is about the tenant).
    expect((await apply('pii-guardrail', {}, other.admin, other.tenantId)).status).toBe(201);
    expect(await state()).toEqual(before);
  });

  it('answers hostile parameters with 400 naming the parameter, never 500, and never loosens a decision', async () => {
    const before = await state();
    const hostile: [string, unknown, string][] = [
      ['pii-guardrail', { parameters: { classifications: [BREAKOUT] } }, 'parameters.classifications'],
      ['pii-guardrail', { parameters: { exportActions: [BREAKOUT] } }, 'parameters.exportActions'],
      ['pii-guardrail', { parameters: { classifications: ['x'.repeat(10_000)] } }, 'parameters'],
      ['pii-guardrail', { parameters: { bulkThreshold: 'x'.repeat(10_000) } }, 'parameters'],
      ['pii-guardrail', { parameters: Object.fromEntries(Array.from({ length: 1_000 }, (_, i) => [`p${i}`, i])) }, 'parameters'],
      ['pii-guardrail', { parameters: { bulkThreshold: 1e308 } }, 'parameters.bulkThreshold'],
      ['pii-guardrail', { parameters: { notAParameter: 1 } }, 'parameters'],
      ['customer-support-assistant', { parameters: { roleName: `${BREAKOUT}` } }, 'parameters.roleName'],
      ['customer-support-assistant', { parameters: { refundCap: -1 } }, 'parameters.refundCap'],
    ];
    for (const [templateId, body, field] of hostile) {
      const response = await apply(templateId, body);
      expect(response.status, `${templateId} ${JSON.stringify(body).slice(0, 80)}`).toBe(400);
      expect(JSON.stringify(response.body.error.details)).toContain(field);
    }
    // `__proto__` and `constructor` as parameter names, as JSON sends them (own keys, not prototypes).
    for (const raw of [
      '{"parameters":{"__proto__":{"bulkThreshold":1}}}',
      '{"parameters":{"constructor":{"prototype":{"bulkThreshold":1}}}}',
      '{"__proto__":{"scope":"org"}}',
    ]) {
      const response = await api.request('POST', path('/templates/pii-guardrail/apply'), { token: admin, rawBody: raw });
      expect(response.status, raw).toBe(400);
      expect(response.body.error).toMatchObject({ code: expect.any(String), requestId: expect.any(String) });
    }
    expect(await state()).toEqual(before);
    expect(await exportPii()).toBe('deny');
  });

  it('refuses a breakout string even where the agent type declares no pattern: the pattern it is passed to checks it', async () => {
    const before = await state();
    // coding-assistant's protectedBranches has no pattern of its own; its policy pattern's does.
    const applied = await apply('coding-assistant', { parameters: { protectedBranches: [BREAKOUT] } });
    expect(applied.status, JSON.stringify(applied.body)).toBe(400);
    expect(JSON.stringify(applied.body.error.details)).toContain('parameters.protectedBranches');
    const registered = await api.post(path('/agents'), admin, {
      name: 'x',
      team: 'ops',
      environment: 'prod',
      owner: 'owner@test',
      template: 'coding-assistant',
      templateParameters: { protectedBranches: [BREAKOUT] },
    });
    expect(registered.status).toBe(400);
    expect(JSON.stringify(registered.body.error.details)).toContain('templateParameters.protectedBranches');
    expect(await state()).toEqual(before);
    expect(await exportPii()).toBe('deny');
  });
});

describe('Org template scope', () => {
  let platform: string;
  let tenantId: string;
  let apiKey: string;
  const templateId = unique('sec-org');
  const pattern = (id = templateId) => ({
    id,
    kind: 'policy',
    title: 'Security test pattern',
    description: 'Denies a security test action.',
    parameters: [{ name: 'actions', description: 'Actions', type: 'string-list', default: ['sectest:deny'] }],
    scopes: ['org', 'tenant'],
    guardrail: true,
    rules: [{ id: 'deny', effect: 'deny', actions: ['{{actions}}'], locked: true }],
  });
  const put = (body: unknown, token = platform, id = templateId) => api.put(`/v1/templates/${id}`, token, body);
  const requireOf = (body: unknown, token = platform, id = 'pii-guardrail') => api.post(`/v1/templates/${id}/require`, token, body);
  /** What a refused or hostile call must leave as it was: the template's versions and the org document's. */
  const state = async () => ({
    versions: (await api.get(`/v1/templates/${templateId}/versions`, platform)).body,
    org: ((await api.get('/v1/org/policy/versions?limit=1', platform)).body.items as { version: number }[]).map((item) => item.version),
    listed: ((await api.get('/v1/templates', platform)).body.items as { id: string }[]).filter((item) => item.id === templateId),
  });

  beforeAll(async () => {
    platform = await api.token({ roles: ['platform-admin'] });
    ({ tenantId, apiKey } = await tenantWithAgent(api, 'tpl-org-sec'));
    const saved = await put({ template: pattern(), reason: 'security test' });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
  });

  it('refuses tenant roles, platform finance and agent keys every org template route, and changes nothing', async () => {
    const before = await state();
    const tokens = [
      ...(await Promise.all(
        [['tenant-admin'], ['team-lead'], ['security'], ['auditor'], ['finance']].map((roles) =>
          api.token({ roles, tenant: tenantId, teams: ['ops'] }),
        ),
      )),
      await api.token({ roles: ['platform-finance'] }),
    ];
    for (const token of tokens) {
      expect((await put({ template: pattern(), reason: 'take over' }, token)).status).toBe(403);
      expect((await put({ template: pattern(unique('sec-new')), reason: 'x' }, token, unique('sec-new'))).status).toBe(403);
      expect((await requireOf({ reason: 'x' }, token)).status).toBe(403);
      expect((await requireOf({ reason: 'x' }, token, templateId)).status).toBe(403);
      expect((await api.get(`/v1/templates/${templateId}/versions`, token)).status).toBe(403);
    }
    for (const [method, path, body] of [
      ['PUT', `/v1/templates/${templateId}`, { template: pattern(), reason: 'x' }],
      ['POST', '/v1/templates/pii-guardrail/require', { reason: 'x' }],
      ['GET', `/v1/templates/${templateId}/versions`, undefined],
    ] as const) {
      const byAgent = await api.request(method, path, { token: apiKey, ...(body === undefined ? {} : { body }) });
      expect([401, 403], `${method} ${path}`).toContain(byAgent.status);
    }
    expect(await state()).toEqual(before);
  });

  it('answers hostile bodies with 400 or 413, never 500, and saves nothing', async () => {
    const before = await state();
    const hostilePuts: unknown[] = [
      { template: pattern(), reason: 'x'.repeat(10_000) },
      { template: { ...pattern(), id: 'another-id' }, reason: 'x' },
      {
        template: {
          ...pattern(),
          parameters: Array.from({ length: 1_000 }, (_, i) => ({ name: `p${i}`, description: 'p', type: 'number', default: 1 })),
        },
        reason: 'x',
      },
      { template: { ...pattern(), rules: [{ id: 'odd', effect: 'deny', when: 'secrets.leak ==', locked: true }] }, reason: 'x' },
      { template: { ...pattern(), rules: [{ id: 'open', effect: 'allow', actions: ['*'], locked: true }] }, reason: 'x' },
      {
        template: { ...pattern(), parameters: [{ name: 'actions', description: 'a', type: 'string-list', pattern: '(a+)+$(' }] },
        reason: 'x',
      },
      { template: { ...pattern(), kind: 'agent' }, reason: 'x' },
      { template: null, reason: 'x' },
      { template: pattern(), reason: 'x', extra: true },
    ];
    for (const body of hostilePuts) {
      const response = await put(body);
      expect(response.status, JSON.stringify(body).slice(0, 120)).toBe(400);
      expect(response.body.error).toMatchObject({ code: expect.any(String), requestId: expect.any(String) });
    }
    const huge = await api.request('PUT', `/v1/templates/${templateId}`, {
      token: platform,
      rawBody: JSON.stringify({ template: { ...pattern(), description: 'd'.repeat(70_000) }, reason: 'x' }),
    });
    expect(huge.status).toBe(413);
    for (const raw of ['{"__proto__":{"reason":"x"}}', '{"template":{"__proto__":{"kind":"policy"}},"reason":"x"}', 'not json']) {
      const response = await api.request('PUT', `/v1/templates/${templateId}`, { token: platform, rawBody: raw });
      expect(response.status, raw).toBe(400);
    }

    const hostileRequires: [string, unknown][] = [
      ['pii-guardrail', { reason: 'x', parameters: { classifications: [BREAKOUT] } }],
      ['pii-guardrail', { reason: 'x', parameters: Object.fromEntries(Array.from({ length: 1_000 }, (_, i) => [`p${i}`, i])) }],
      ['pii-guardrail', { reason: 'x', parameters: { bulkThreshold: 'x'.repeat(10_000) } }],
      ['pii-guardrail', { reason: 'x'.repeat(10_000) }],
      ['pii-guardrail', { reason: 'x', scope: 'tenant' }],
      ['read-only-data-access', { reason: 'x' }],
      ['customer-support-assistant', { reason: 'x' }],
    ];
    for (const [id, body] of hostileRequires) {
      const response = await requireOf(body, platform, id);
      expect(response.status, `${id} ${JSON.stringify(body).slice(0, 80)}`).toBe(400);
    }
    const proto = await api.request('POST', '/v1/templates/pii-guardrail/require', {
      token: platform,
      rawBody: '{"reason":"x","parameters":{"__proto__":{"classifications":["pii"]}}}',
    });
    expect(proto.status).toBe(400);
    expect(await state()).toEqual(before);
  });
});
