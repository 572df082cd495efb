/**
 * Fleet metrics over HTTP: decisions made through the local runtime reach the rollups through the
 * audit stream and come back from GET /v1/tenants/{t}/metrics, for the tenant, a team and an agent,
 * with the approvals pending and decided and the decisions quota beside them; bad windows are
 * refused naming the field (who may see what: test/security/metrics-scope.test.ts).
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { eventually, unique, wardenClient } from '../support/warden-client';

const api = wardenClient(inject('runtimeUrl'), inject('runtimeDataDir'));

describe('Fleet metrics', () => {
  let tenantId: string;
  let admin: string;
  const agents: Record<string, { id: string; key: string }> = {};
  const path = (rest: string) => `/v1/tenants/${tenantId}${rest}`;

  const decide = (name: string, tool: string) =>
    api.request('POST', '/v1/authorize', { token: agents[name]!.key, body: { action: 'tool:invoke', tool } });

  beforeAll(async () => {
    const platform = await api.token({ roles: ['platform-admin'] });
    tenantId = unique('metrics');
    expect(
      (await api.post('/v1/tenants', platform, { id: tenantId, name: 'Metrics', tier: 'business', environments: ['prod'] })).status,
    ).toBe(201);
    admin = await api.token({ roles: ['tenant-admin'], tenant: tenantId });
    for (const team of ['support', 'research']) expect((await api.post(path('/teams'), admin, { name: team })).status).toBe(201);
    await api.put(path('/roles/bot'), admin, { description: 'bot' });
    await api.put(path('/policies/tenant'), admin, {
      reason: 'r',
      rules: [{ id: 'read', effect: 'allow', actions: ['tool:invoke'], tools: ['zendesk.read'] }],
    });
    expect((await api.post(path('/policies/tenant/versions/1/publish'), admin, { reason: 'r' })).status).toBe(200);
    for (const [name, team] of [
      ['a', 'support'],
      ['b', 'support'],
      ['c', 'research'],
    ] as const) {
      const registered = await api.post(path('/agents'), admin, { name, team, role: 'bot', environment: 'prod', owner: 'o' });
      expect(registered.status).toBe(201);
      agents[name] = { id: registered.body.agent.id, key: registered.body.apiKey };
    }
    // a: 6 allowed, 2 denied; b: 3 allowed; c: 4 denied.
    const answers = await Promise.all([
      ...Array.from({ length: 6 }, () => decide('a', 'zendesk.read')),
      ...Array.from({ length: 2 }, () => decide('a', 'zendesk.delete')),
      ...Array.from({ length: 3 }, () => decide('b', 'zendesk.read')),
      ...Array.from({ length: 4 }, () => decide('c', 'github.push')),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual(Array(15).fill(200));
    expect(answers.filter((answer) => answer.body.effect === 'deny')).toHaveLength(6);
  });

  it('rolls every decision up once, with the deny rate, latency, a series and the busiest agents', async () => {
    const metrics = await eventually(async () => {
      const answer = await api.get(path('/metrics?window=24h'), admin);
      expect(answer.status).toBe(200);
      // The series (hour buckets) and the busiest agents (day buckets) are rolled up each on its own.
      const ranked = (answer.body.topAgents ?? []).reduce((sum: number, agent: { decisions: number }) => sum + agent.decisions, 0);
      return answer.body.decisions === 15 && ranked === 15 ? answer.body : undefined;
    });
    expect(metrics).toMatchObject({
      window: '24h',
      activeAgents: 3,
      decisions: 15,
      allowed: 9,
      denied: 6,
      approvalsRequired: 0,
      denyRate: 0.4,
    });
    expect(metrics.latencyMs.p50).toBeGreaterThan(0);
    expect(metrics.latencyMs.p99).toBeGreaterThanOrEqual(metrics.latencyMs.p50);
    expect(metrics.series.reduce((sum: number, bucket: { decisions: number }) => sum + bucket.decisions, 0)).toBe(15);
    expect(metrics.topAgents).toEqual([
      { agentId: agents.a!.id, decisions: 8, denied: 2 },
      { agentId: agents.c!.id, decisions: 4, denied: 4 },
      { agentId: agents.b!.id, decisions: 3, denied: 0 },
    ]);

    // Each window reads its own bucket size (minute, hour, day), and each size is rolled up on its own.
    const lastHour = await eventually(async () => {
      const answer = await api.get(path('/metrics?window=1h'), admin);
      return answer.body.decisions === 15 ? answer : undefined;
    });
    expect(lastHour.body).toMatchObject({ window: '1h', decisions: 15 });
    expect(lastHour.body.series.every((bucket: { at: string }) => bucket.at.endsWith(':00.000Z'))).toBe(true);
  });

  it('narrows to one team or one agent', async () => {
    await eventually(async () => ((await api.get(path('/metrics'), admin)).body.decisions === 15 ? true : undefined));
    await eventually(async () => ((await api.get(path('/metrics?window=30d'), admin)).body.decisions === 15 ? true : undefined));
    const support = await api.get(path('/metrics?team=support&window=7d'), admin);
    expect(support.body).toMatchObject({ team: 'support', decisions: 11, denied: 2, activeAgents: 2 });
    expect(support.body.topAgents.map((agent: { agentId: string }) => agent.agentId)).toEqual([agents.a!.id, agents.b!.id]);
    const agent = await api.get(path(`/metrics?agentId=${agents.c!.id}&window=30d`), admin);
    expect(agent.body).toMatchObject({ agentId: agents.c!.id, decisions: 4, denied: 4, denyRate: 1, activeAgents: 1 });
  });

  it('refuses an unknown window or a malformed filter, naming the field', async () => {
    const window = await api.get(path('/metrics?window=2d'), admin);
    expect(window.status).toBe(400);
    expect(JSON.stringify(window.body.error)).toContain('window');
    const agent = await api.get(path('/metrics?agentId=not-an-agent'), admin);
    expect(agent.status).toBe(400);
    expect(JSON.stringify(agent.body.error)).toContain('agentId');
    expect((await api.get(path('/metrics?extra=1'), admin)).status).toBe(400);
  });
});

describe('Fleet metrics: approvals and the quota', () => {
  it('shows the approvals pending and decided in the window, and the tenant quota of the day', async () => {
    const platform = await api.token({ roles: ['platform-admin'] });
    const tenantId = unique('metrics-approvals');
    const path = (rest: string) => `/v1/tenants/${tenantId}${rest}`;
    expect(
      (await api.post('/v1/tenants', platform, { id: tenantId, name: 'Approvals', tier: 'business', environments: ['prod'] })).status,
    ).toBe(201);
    expect((await api.patch(`/v1/tenants/${tenantId}`, platform, { quotas: { decisionsPerDay: 1000 } })).status).toBe(200);
    const admin = await api.token({ sub: 'admin@corp', roles: ['tenant-admin'], tenant: tenantId });
    await api.post(path('/teams'), admin, { name: 'support' });
    await api.put(path('/roles/bot'), admin, { description: 'bot' });
    await api.put(path('/policies/tenant'), admin, {
      reason: 'r',
      rules: [
        { id: 'refunds', effect: 'require_approval', actions: ['payments:refund'], risk: 'low' },
        { id: 'reads', effect: 'allow', actions: ['tickets:read'] },
      ],
    });
    expect((await api.post(path('/policies/tenant/versions/1/publish'), admin, { reason: 'r' })).status).toBe(200);
    const registered = await api.post(path('/agents'), admin, {
      name: 'payer',
      team: 'support',
      role: 'bot',
      environment: 'prod',
      owner: 'o',
    });
    const key = registered.body.apiKey as string;
    const ask = (body: unknown) => api.request('POST', '/v1/authorize', { token: key, body });

    expect((await ask({ action: 'tickets:read' })).body.effect).toBe('allow');
    expect((await ask({ action: 'data:wipe' })).body.effect).toBe('deny');
    const first = await ask({ action: 'payments:refund', resource: 'charges/1' });
    const second = await ask({ action: 'payments:refund', resource: 'charges/2' });
    expect([first.body.effect, second.body.effect]).toEqual(['require_approval', 'require_approval']);
    const approver = await api.token({ sub: 'approver@corp', roles: ['tenant-admin'], tenant: tenantId }); // not who named the owner
    expect((await api.post(path(`/approvals/${first.body.approvalId}/approve`), approver, {})).status).toBe(200);

    const metrics = await eventually(async () => {
      const answer = await api.get(path('/metrics?window=1h'), admin);
      expect(answer.status).toBe(200);
      // The series (minute buckets) and the denied actions (hour buckets) are separate items, each rolled up on its own.
      return answer.body.decisions === 4 && answer.body.topDenied?.length > 0 ? answer.body : undefined;
    });
    expect(metrics.approvals).toEqual({ pending: 1, decided: 1, medianMinutesToDecide: expect.any(Number) });
    expect(metrics.approvals.medianMinutesToDecide).toBeLessThan(5);
    // The quota's counter moves by leased blocks: at least the decisions made, at most the limit.
    expect(metrics.quota).toMatchObject({ period: 'day', limit: 1000 });
    expect(metrics.quota.used).toBeGreaterThanOrEqual(4);
    expect(metrics.quota.used).toBeLessThanOrEqual(1000);
    expect(metrics.quota.ratio).toBe(Math.round((metrics.quota.used / 1000) * 10_000) / 10_000);
    expect(metrics.topDenied).toEqual([{ action: 'data:wipe', count: 1 }]);

    const team = await api.get(path('/metrics?team=support'), admin);
    expect(team.body.approvals).toMatchObject({ pending: 1, decided: 1 });
    expect(team.body).not.toHaveProperty('quota'); // the team has no quota of its own
  });
});
