/**
 * Tenant isolation for every tenant-scoped route, generated from the route table so that a new
 * route is covered the day it is added: tenant A's callers on tenant B's paths get 403 and learn
 * nothing of B; B's objects on A's own paths answer 404; an agent key is no operator token.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ROUTES } from '../../shared/manifest/routes';
import { unique, wardenClient } from '../support/warden-client';

const api = wardenClient(inject('runtimeUrl'), inject('runtimeDataDir'));

const tenantRoutes = Object.values(ROUTES).filter((route) => route.path.includes('{tenantId}') && route.auth === 'operator');
const TENANT_ROLES = ['tenant-admin', 'team-lead', 'security', 'auditor', 'finance'] as const;

interface Fixture {
  tenantId: string;
  admin: string;
  agentId: string;
  agentName: string;
  apiKey: string;
  ruleId: string;
}

async function fixture(platform: string, prefix: string): Promise<Fixture> {
  const tenantId = unique(prefix);
  expect(
    (
      await api.post('/v1/tenants', platform, {
        id: tenantId,
        name: `Secret name of ${tenantId}`,
        tier: 'business',
        environments: ['prod'],
      })
    ).status,
  ).toBe(201);
  const admin = await api.token({ roles: ['tenant-admin'], tenant: tenantId });
  await api.post(`/v1/tenants/${tenantId}/teams`, admin, { name: 'vault' });
  await api.put(`/v1/tenants/${tenantId}/roles/keeper`, admin, { description: `Secret role of ${tenantId}` });
  const agentName = `secret-agent-${tenantId}`;
  const registered = await api.post(`/v1/tenants/${tenantId}/agents`, admin, {
    name: agentName,
    team: 'vault',
    role: 'keeper',
    environment: 'prod',
    owner: 'o',
  });
  const ruleId = `secret-rule-${tenantId}`;
  await api.put(`/v1/tenants/${tenantId}/policies/tenant`, admin, {
    reason: 'secret',
    rules: [{ id: ruleId, effect: 'deny', actions: ['vault:open'] }],
  });
  await api.post(`/v1/tenants/${tenantId}/policies/tenant/versions/1/publish`, admin, { reason: 'secret' });
  await api.put(`/v1/tenants/${tenantId}/policy-tests`, admin, {
    scenarios: [
      { name: `secret test of ${tenantId}`, agentId: registered.body.agent.id, request: { action: 'vault:open' }, expect: 'deny' },
    ],
  });
  return { tenantId, admin, agentId: registered.body.agent.id, agentName, apiKey: registered.body.apiKey, ruleId };
}

const pathFor = (template: string, values: { tenantId: string; agentId: string; role: string }) =>
  template
    .replace('{tenantId}', values.tenantId)
    .replace('{agentId}', values.agentId)
    .replace('{role}', values.role)
    .replace('{team}', 'vault')
    .replace('{scope}', 'tenant')
    .replace('{version}', '1')
    .replace('{approvalId}', 'apr_00000000000000000000000000')
    .replace('{grantId}', 'gnt_00000000000000000000000000')
    .replace('{incidentId}', 'inc_00000000000000000000000000')
    .replace('{channel}', 'pager')
    .replace('{playbookId}', 'deny-spike-quarantine')
    .replace('{templateId}', 'pii-guardrail')
    .replace('{runId}', 'rem_00000000000000000000000000-deny-spike-quarantine');

describe('Tenant isolation', () => {
  let a: Fixture;
  let b: Fixture;

  beforeAll(async () => {
    const platform = await api.token({ roles: ['platform-admin'] });
    a = await fixture(platform, 'iso-a');
    b = await fixture(platform, 'iso-b');
  });

  const secretsOf = (f: Fixture) => [
    `Secret name of ${f.tenantId}`,
    f.agentId,
    f.agentName,
    `Secret role of ${f.tenantId}`,
    f.ruleId,
    `secret test of ${f.tenantId}`,
  ];

  describe.each(tenantRoutes.map((route) => [`${route.method} ${route.path}`, route] as const))('%s', (_name, route) => {
    it.each(TENANT_ROLES)("refuses tenant A's %s on tenant B's path with 403 and no data of B", async (role) => {
      const token = await api.token({ roles: [role], tenant: a.tenantId, teams: ['vault'] });
      const response = await api.request(route.method, pathFor(route.path, { tenantId: b.tenantId, agentId: b.agentId, role: 'keeper' }), {
        token,
        body: {},
      });
      expect(response.status).toBe(403);
      expect(response.body.error).toMatchObject({ code: expect.any(String), requestId: expect.any(String) });
      for (const secret of secretsOf(b)) expect(JSON.stringify(response.body)).not.toContain(secret);
    });
  });

  const objectRoutes = tenantRoutes.filter((route) => route.path.includes('{agentId}'));
  it.each(objectRoutes.map((route) => [`${route.method} ${route.path}`, route] as const))(
    "answers tenant B's agent on tenant A's own path exactly as an agent that never existed: %s",
    async (_name, route) => {
      const call = (agentId: string) =>
        api.request(route.method, pathFor(route.path, { tenantId: a.tenantId, agentId, role: 'keeper' }), {
          token: a.admin,
          body: route.method === 'PATCH' ? { name: 'renamed' } : {},
        });
      const neverExisted = 'agt_00000000000000000000000000';
      const [ofB, ofNobody] = await Promise.all([call(b.agentId), call(neverExisted)]);
      expect(ofB.status).toBe(404);
      const shape = (body: { error: { code: string; message: string; details: unknown } }, id: string) => ({
        ...body.error,
        message: body.error.message.replace(id, '<id>'),
        requestId: undefined,
      });
      expect(shape(ofB.body, b.agentId)).toEqual(shape(ofNobody.body, neverExisted));
      for (const secret of secretsOf(b).filter((secret) => secret !== b.agentId)) expect(JSON.stringify(ofB.body)).not.toContain(secret);
    },
  );

  it("answers 404 for tenant B's role on tenant A's path", async () => {
    const response = await api.get(`/v1/tenants/${a.tenantId}/roles/keeper-of-b`, a.admin);
    expect(response.status).toBe(404);
  });

  it("refuses an agent's API key on operator routes", async () => {
    const response = await api.get(`/v1/tenants/${a.tenantId}/agents`, a.apiKey);
    expect(response.status).toBe(401);
  });

  it('gives an agent only itself on /v1/agent/self', async () => {
    const self = await api.get('/v1/agent/self', a.apiKey);
    expect(self.body.id).toBe(a.agentId);
    for (const secret of secretsOf(b)) expect(JSON.stringify(self.body)).not.toContain(secret);
  });

  it("refuses a key whose tenant prefix is forged to another tenant's", async () => {
    const forged = a.apiKey.replace(`wdn_${a.tenantId}_`, `wdn_${b.tenantId}_`);
    expect((await api.get('/v1/agent/self', forged)).status).toBe(401);
  });

  it('refuses a platform admin on tenant-scoped routes other than the tenant registry', async () => {
    const platform = await api.token({ roles: ['platform-admin'] });
    expect((await api.get(`/v1/tenants/${a.tenantId}/agents`, platform)).status).toBe(403);
  });
});
