/**
 * Who sees which metrics: a team lead sees the teams in their token and nothing of another team,
 * not even through an agent id — neither its decisions nor its approvals, quota or denied actions;
 * no view shows another tenant's approvals or quota; roles without the permission, another
 * tenant's callers and agent keys are refused and learn nothing. Over HTTP on the local runtime.
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
    // Research: a quota, three denied decisions and a pending approval; support: none of these.
    expect((await api.patch(path('/teams/research'), admin, { quotas: { decisionsPerDay: 500 } })).status).toBe(200);
    await api.put(path('/policies/tenant'), admin, {
      reason: 'r',
      rules: [{ id: 'deploys', effect: 'require_approval', actions: ['deploy:prod'], risk: 'low' }],
    });
    expect((await api.post(path('/policies/tenant/versions/1/publish'), admin, { reason: 'r' })).status).toBe(200);
    for (let i = 0; i < 3; i++)
      await api.request('POST', '/v1/authorize', { token: researchAgent.key, body: { action: 'secret:project-x' } });
    const asked = await api.request('POST', '/v1/authorize', { token: researchAgent.key, body: { action: 'deploy:prod' } });
    expect(asked.body.effect).toBe('require_approval');
    // Every bucket size rolled up (minute, hour, day: each window reads its own, each is written on its own).
    for (const window of ['1h', '24h', '30d'])
      await eventually(async () => ((await api.get(path(`/metrics?window=${window}`), admin)).body.decisions === 4 ? true : undefined));

    // Another tenant with a tenant quota and a pending approval of its own.
    const otherId = unique('metrics-other');
    await api.post('/v1/tenants', platform, {
      id: otherId,
      name: 'Other',
      tier: 'business',
      environments: ['prod'],
      quotas: { decisionsPerDay: 7 },
    });
    const otherAdmin = await api.token({ roles: ['tenant-admin'], tenant: otherId });
    const other = (rest: string) => `/v1/tenants/${otherId}${rest}`;
    await api.post(other('/teams'), otherAdmin, { name: 'support' });
    await api.put(other('/roles/bot'), otherAdmin, { description: 'bot' });
    await api.put(other('/policies/tenant'), otherAdmin, {
      reason: 'r',
      rules: [{ id: 'deploys', effect: 'require_approval', actions: ['deploy:prod'], risk: 'low' }],
    });
    await api.post(other('/policies/tenant/versions/1/publish'), otherAdmin, { reason: 'r' });
    const otherAgent = await api.post(other('/agents'), otherAdmin, {
      name: 's',
      team: 'support',
      role: 'bot',
      environment: 'prod',
      owner: 'o',
    });
    const otherAsk = await api.request('POST', '/v1/authorize', { token: otherAgent.body.apiKey, body: { action: 'deploy:prod' } });
    expect(otherAsk.body.effect).toBe('require_approval');
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
    expect(answer.body).toMatchObject({ decisions: 0, denied: 0, activeAgents: 0, series: [], topAgents: [], topDenied: [] });
    expect(answer.body.approvals).toEqual({ pending: 0, decided: 0, medianMinutesToDecide: null });
    expect(answer.body).not.toHaveProperty('quota');
  });

  it("shows a team lead none of another team's approvals, quota or denied actions in their own team's view", async () => {
    const lead = await api.token({ roles: ['team-lead'], tenant: tenantId, teams: ['support'] });
    for (const window of ['1h', '24h', '30d']) {
      const answer = await api.get(path(`/metrics?team=support&window=${window}`), lead);
      expect(answer.status).toBe(200);
      expect(answer.body.approvals, window).toEqual({ pending: 0, decided: 0, medianMinutesToDecide: null });
      expect(answer.body.topDenied, window).toEqual([]);
      expect(answer.body, window).not.toHaveProperty('quota');
      expect(JSON.stringify(answer.body)).not.toMatch(/research|project-x|deploy/);
    }
  });

  it("shows the tenant's own approvals and no other tenant's, and no quota where the tenant has none", async () => {
    const answer = await api.get(path('/metrics'), admin);
    expect(answer.body.approvals).toMatchObject({ pending: 1 });
    expect(answer.body).not.toHaveProperty('quota');
    const research = await api.get(path('/metrics?team=research'), admin);
    expect(research.body.quota).toMatchObject({ period: 'day', limit: 500 });
    expect(research.body.approvals).toMatchObject({ pending: 1 });
    expect(research.body.topDenied).toEqual([{ action: 'secret:project-x', count: 3 }]);
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
