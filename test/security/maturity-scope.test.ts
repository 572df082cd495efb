/**
 * Maturity, as a hostile tenant or a careless caller would try it: another tenant's admin is
 * refused the assessment, its history and its report and learns nothing of them; roles without
 * the permission and agent keys are refused; only platform admins see every tenant's level.
 * Hostile queries answer 400 naming the field, never 500; a tenant name written to look like
 * markup comes out of the HTML report as text.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { tenantWithAgent, unique, wardenClient } from '../support/warden-client';

const api = wardenClient(inject('runtimeUrl'), inject('runtimeDataDir'));
const HOSTILE_NAME = '<script>alert("owned")</script><img src=x onerror=alert(1)>';

describe('Maturity scope', () => {
  let a: { tenantId: string; admin: string; agentId: string; apiKey: string };
  let b: { tenantId: string; admin: string };
  const routes = (tenantId: string) => [
    `/v1/tenants/${tenantId}/maturity`,
    `/v1/tenants/${tenantId}/maturity?history=true`,
    `/v1/tenants/${tenantId}/maturity/report`,
    `/v1/tenants/${tenantId}/maturity/report?format=markdown`,
  ];

  beforeAll(async () => {
    a = await tenantWithAgent(api, 'mat-a', { rules: [{ id: 'secret-rule-of-a', effect: 'allow', actions: ['vault:*'] }] });
    b = await tenantWithAgent(api, 'mat-b', undefined, { onboarding: { name: HOSTILE_NAME } });
  });

  it("refuses another tenant's admin, security and auditor every maturity route with 403, and they learn nothing", async () => {
    for (const role of ['tenant-admin', 'security', 'auditor'] as const) {
      const token = await api.token({ roles: [role], tenant: b.tenantId });
      for (const route of routes(a.tenantId)) {
        const response = await api.get(route, token);
        expect(response.status, `${role} ${route}`).toBe(403);
        const text = JSON.stringify(response.body);
        for (const secret of [a.agentId, 'secret-rule-of-a', 'mat-a']) expect(text).not.toContain(secret);
      }
    }
  });

  it('refuses team leads, finance and agent keys, and leaves the platform list to platform admins', async () => {
    for (const role of ['team-lead', 'finance'] as const) {
      const token = await api.token({ roles: [role], tenant: a.tenantId, teams: ['ops'] });
      for (const route of routes(a.tenantId)) expect((await api.get(route, token)).status, `${role} ${route}`).toBe(403);
    }
    for (const route of routes(a.tenantId)) expect((await api.get(route, a.apiKey)).status).toBe(401);
    for (const token of [a.admin, await api.token({ roles: ['platform-finance'] })])
      expect((await api.get('/v1/maturity', token)).status).toBe(403);
    expect((await api.get('/v1/maturity', await api.token({ roles: ['platform-admin'] }))).status).toBe(200);
  });

  it('answers hostile queries with 400 naming the field, never 500', async () => {
    const platform = await api.token({ roles: ['platform-admin'] });
    const cases: [string, string, string][] = [
      [`/v1/tenants/${a.tenantId}/maturity?history=${'x'.repeat(5000)}`, a.admin, 'history'],
      [`/v1/tenants/${a.tenantId}/maturity?since=2026-01-01`, a.admin, 'since'],
      [`/v1/tenants/${a.tenantId}/maturity/report?format=%3Cscript%3E`, a.admin, 'format'],
      ['/v1/maturity?limit=1000000000', platform, 'limit'],
      ['/v1/maturity?cursor=forged', platform, 'cursor'],
    ];
    for (const [route, token, field] of cases) {
      const response = await api.get(route, token);
      expect(response.status, route).toBe(400);
      expect(JSON.stringify(response.body.error), route).toContain(field);
    }
    expect((await api.get(`/v1/tenants/${unique('nobody')}/maturity`, platform)).status).toBe(403);
  });

  it('renders a tenant name that looks like markup as text in the HTML report, with no script', async () => {
    const report = await api.get(`/v1/tenants/${b.tenantId}/maturity/report`, b.admin);
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toContain('text/html');
    expect(report.body).not.toContain('<script>');
    expect(report.body).not.toContain('<img');
    expect(report.body).toContain('&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;');
  });
});
