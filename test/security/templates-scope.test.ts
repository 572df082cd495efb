/**
 * Templates, as a hostile tenant or a careless caller would try them: only a tenant admin of the
 * tenant applies one (auditors, team leads, finance and agent keys are refused, and so is another
 * tenant's admin, who learns nothing of the tenant); hostile parameters (a string that tries to
 * break out of its CEL literal, 10,000 characters, 1,000 keys, `__proto__`) answer 400 naming the
 * parameter, never 500, and never loosen a decision: the published guardrail keeps denying.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { tenantWithAgent, wardenClient } from '../support/warden-client';

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
