/**
 * Who sees which metrics: a team lead sees the teams in their token and nothing of another team,
 * not even through an agent id; roles without the permission, another tenant's callers and agent
 * keys are refused and learn nothing. Over HTTP on the local runtime.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { eventually, unique, wardenClient } from '../support/warden-client';

const api = wardenClient(inject('runtimeUrl'), inject('runtimeDataDir'));

describe('Metrics scope', () => {
  let tenantId: string;
  let admin: string;
  let researchAgent: { id: string; key: string };
  const path = (rest: string) => `/v1/tenants/${tenantId}${rest}`;

  beforeAll(async () => {
    const platform = await api.token({ roles: ['platform-admin'] });
    tenantId = unique('metrics-scope');
    expect(
      (await api.post('/v1/tenants', platform, { id: tenantId, name: 'Scope', tier: 'business', environments: ['prod'] })).status,
    ).toBe(201);
    admin = await api.token({ roles: ['tenant-admin'], tenant: tenantId });
    for (const team of ['support', 'research']) await api.post(path('/teams'), admin, { name: team });
    await api.put(path('/roles/bot'), admin, { description: 'bot' });
    const registered = await api.post(path('/agents'), admin, {
      name: 'r',
      team: 'research',
      role: 'bot',
      environment: 'prod',
      owner: 'o',
    });
    researchAgent = { id: registered.body.agent.id, key: registered.body.apiKey };
    for (let i = 0; i < 3; i++)
      await api.request('POST', '/v1/authorize', { token: researchAgent.key, body: { action: 'secret:project-x' } });
    await eventually(async () => ((await api.get(path('/metrics'), admin)).body.decisions === 3 ? true : undefined));
  });

  it('shows a team lead their own team, and refuses the tenant view and other teams', async () => {
    const lead = await api.token({ roles: ['team-lead'], tenant: tenantId, teams: ['support'] });
    expect((await api.get(path('/metrics?team=support'), lead)).body).toMatchObject({ team: 'support', decisions: 0 });
    for (const query of ['', '?team=research', `?agentId=${researchAgent.id}`, '?window=30d']) {
      const refused = await api.get(path(`/metrics${query}`), lead);
      expect(refused.status, query).toBe(403);
      expect(JSON.stringify(refused.body)).not.toMatch(/research|decisions/);
    }
  });

  it("shows nothing of another team's agent asked for under the lead's own team", async () => {
    const lead = await api.token({ roles: ['team-lead'], tenant: tenantId, teams: ['support'] });
    const answer = await api.get(path(`/metrics?team=support&agentId=${researchAgent.id}`), lead);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ decisions: 0, denied: 0, activeAgents: 0, series: [], topAgents: [] });
  });

  it("refuses finance, another tenant's admin and an agent key", async () => {
    const finance = await api.token({ roles: ['finance'], tenant: tenantId });
    expect((await api.get(path('/metrics'), finance)).status).toBe(403);
    const stranger = await api.token({ roles: ['tenant-admin'], tenant: unique('stranger') });
    const refused = await api.get(path('/metrics'), stranger);
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).not.toContain('decisions');
    expect((await api.request('GET', path('/metrics'), { token: researchAgent.key })).status).toBe(401);
  });
});
