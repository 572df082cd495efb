/**
 * Who sees the platform view (GET /v1/metrics): platform admins only. Every tenant role, of its own
 * tenant or any other, and platform finance get 403 and learn nothing of any tenant, whatever the
 * query; an agent key gets 401. A platform admin's bad window is a 400 naming the field. Over HTTP
 * on the local runtime.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { eventually, unique, wardenClient } from '../support/warden-client';

const api = wardenClient(inject('runtimeUrl'), inject('runtimeDataDir'));

describe('Platform metrics scope', () => {
  let tenantId: string;
  let agentKey: string;

  beforeAll(async () => {
    const platform = await api.token({ roles: ['platform-admin'] });
    tenantId = unique('aaa-secret');
    expect(
      (await api.post('/v1/tenants', platform, { id: tenantId, name: 'Secret', tier: 'business', environments: ['prod'] })).status,
    ).toBe(201);
    const admin = await api.token({ roles: ['tenant-admin'], tenant: tenantId });
    await api.post(`/v1/tenants/${tenantId}/teams`, admin, { name: 'ops' });
    await api.put(`/v1/tenants/${tenantId}/roles/bot`, admin, { description: 'bot' });
    const registered = await api.post(`/v1/tenants/${tenantId}/agents`, admin, {
      name: 'a',
      team: 'ops',
      role: 'bot',
      environment: 'prod',
      owner: 'o',
    });
    agentKey = registered.body.apiKey;
    for (let i = 0; i < 2; i++) await api.request('POST', '/v1/authorize', { token: agentKey, body: { action: 'secret:project-x' } });
    // The platform admin sees the tenant, so the refusals below hide something that is there.
    await eventually(async () => {
      const answer = await api.get('/v1/metrics?limit=100', platform);
      return answer.body.tenants.some(
        (tenant: { tenantId: string; decisions: number }) => tenant.tenantId === tenantId && tenant.decisions > 0,
      )
        ? true
        : undefined;
    });
  });

  it('refuses every tenant role, of this tenant or another, and platform finance, with nothing of any tenant', async () => {
    const callers = [
      { roles: ['tenant-admin'], tenant: tenantId },
      { roles: ['security'], tenant: tenantId },
      { roles: ['auditor'], tenant: tenantId },
      { roles: ['team-lead'], tenant: tenantId, teams: ['ops'] },
      { roles: ['finance'], tenant: tenantId },
      { roles: ['tenant-admin', 'security', 'auditor'], tenant: unique('other') },
      { roles: ['team-lead'], tenant: unique('other'), teams: ['ops'] },
      { roles: ['platform-finance'] },
    ];
    for (const claims of callers) {
      const token = await api.token(claims);
      for (const query of ['', '?window=30d&limit=100', '?window=2d']) {
        const refused = await api.get(`/v1/metrics${query}`, token);
        expect(refused.status, `${claims.roles.join(',')} ${query}`).toBe(403);
        const text = JSON.stringify(refused.body);
        expect(text).not.toContain(tenantId);
        expect(text).not.toMatch(/tenants|decisions|streamLag|deadLetters/);
      }
    }
  });

  it('refuses an agent key', async () => {
    const refused = await api.request('GET', '/v1/metrics', { token: agentKey });
    expect(refused.status).toBe(401);
    expect(JSON.stringify(refused.body)).not.toContain(tenantId);
  });

  it("answers a platform admin's bad window with a 400 naming the field", async () => {
    const platform = await api.token({ roles: ['platform-admin'] });
    const refused = await api.get('/v1/metrics?window=1y', platform);
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.map((detail: { path: string }) => detail.path)).toContain('window');
    expect(JSON.stringify(refused.body)).not.toContain(tenantId);
  });
});
