/**
 * Quotas and metering over HTTP: a quota is exact under concurrency (64 parallel requests against
 * a limit of 50), refuses with 429 naming the quota, announces Quota.Exceeded once, resets with
 * its period; usage counts equal audited decisions, retries with an Idempotency-Key count once.
 */
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { eventually, meteredUsage, unique, wardenClient } from '../support/warden-client';

const api = wardenClient(inject('runtimeUrl'), inject('runtimeDataDir'));
const request = { action: 'tool:invoke', tool: 'zendesk.read' };

describe('Quotas and usage', () => {
  let tenantId: string;
  let admin: string;
  const path = (rest: string) => `/v1/tenants/${tenantId}${rest}`;

  async function agent(quotas?: Record<string, number>) {
    const registered = await api.post(path('/agents'), admin, {
      name: 'q',
      team: 'support',
      role: 'bot',
      environment: 'prod',
      owner: 'o',
      ...(quotas ? { quotas } : {}),
    });
    expect(registered.status).toBe(201);
    return { id: registered.body.agent.id as string, key: registered.body.apiKey as string };
  }
  const authorize = (key: string, headers: Record<string, string> = {}) =>
    api.request('POST', '/v1/authorize', { token: key, body: request, headers });

  beforeAll(async () => {
    const platform = await api.token({ roles: ['platform-admin'] });
    tenantId = unique('quota');
    expect(
      (await api.post('/v1/tenants', platform, { id: tenantId, name: 'Quota', tier: 'business', environments: ['prod'] })).status,
    ).toBe(201);
    admin = await api.token({ roles: ['tenant-admin'], tenant: tenantId });
    await api.post(path('/teams'), admin, { name: 'support' });
    await api.put(path('/roles/bot'), admin, { description: 'bot' });
    await api.put(path('/policies/tenant'), admin, { reason: 'r', rules: [{ id: 'read', effect: 'allow', actions: ['tool:invoke'] }] });
    expect((await api.post(path('/policies/tenant/versions/1/publish'), admin, { reason: 'r' })).status).toBe(200);
  });

  afterEach(async () => {
    await api.setClockOffset(0);
  });

  it('allows exactly the limit under concurrency: 64 parallel requests against 50 give 50 answers and 14 × 429', async () => {
    const { id, key } = await agent({ decisionsPerDay: 50 });
    const responses = await Promise.all(Array.from({ length: 64 }, () => authorize(key)));
    expect(responses.filter((response) => response.status === 200)).toHaveLength(50);
    const refused = responses.filter((response) => response.status === 429);
    expect(refused).toHaveLength(14);
    const [first] = refused;
    expect(first!.body.error).toMatchObject({
      code: 'quota_exceeded',
      details: [expect.objectContaining({ scope: 'agent', subject: id, period: 'day', limit: 50, used: 50 })],
    });
    const retryAfter = Number(first!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(86_400);

    const events = await eventually(async () => {
      const exceeded = (await api.events('Quota.Exceeded')).filter((event) => event.detail.subject === id);
      return exceeded.length > 0 ? exceeded : undefined;
    });
    expect(events).toHaveLength(1);
    expect(events[0]!.detail).toMatchObject({ tenantId, scope: 'agent', period: 'day', limit: 50 });
    // On the way there, 80 % and 95 % of it were announced, once each.
    const thresholds = await eventually(async () => {
      const found = (await api.events('Quota.Threshold')).filter((event) => event.detail.subject === id);
      return found.length >= 2 ? found : undefined;
    });
    expect(thresholds.map((event) => event.detail.threshold).sort()).toEqual([0.8, 0.95]);

    // The next UTC day is a new period.
    const now = new Date();
    await api.setClockOffset(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1) - now.getTime() + 1000);
    expect((await authorize(key)).status).toBe(200);
  });

  it("counts every agent of a team against the team's quota", async () => {
    expect((await api.post(path('/teams'), admin, { name: 'capped', quotas: { decisionsPerDay: 3 } })).status).toBe(201);
    const keys: string[] = [];
    for (const name of ['c1', 'c2']) {
      const registered = await api.post(path('/agents'), admin, { name, team: 'capped', role: 'bot', environment: 'prod', owner: 'o' });
      keys.push(registered.body.apiKey);
    }
    expect([(await authorize(keys[0]!)).status, (await authorize(keys[0]!)).status, (await authorize(keys[1]!)).status]).toEqual([
      200, 200, 200,
    ]);
    const refused = await authorize(keys[1]!);
    expect(refused.status).toBe(429);
    expect(refused.body.error.details[0]).toMatchObject({ scope: 'team', subject: 'capped', limit: 3 });
  });

  it('meters usage that equals the audited decisions, by agent, team and day, counting a retried request once', async () => {
    const { id, key } = await agent();
    const idempotent = unique('k');
    expect((await authorize(key, { 'idempotency-key': idempotent })).status).toBe(200);
    expect((await authorize(key, { 'idempotency-key': idempotent })).status).toBe(200);
    expect((await authorize(key)).status).toBe(200);
    const batch = await api.request('POST', '/v1/authorize/batch', { token: key, body: { requests: [request, { action: 'other' }] } });
    expect(batch.status).toBe(200);

    const period = new Date().toISOString().slice(0, 7);
    const [year, month] = period.split('-').map(Number) as [number, number];
    const from = new Date(Date.UTC(year, month - 1, 1)).toISOString();
    const to = new Date(Date.UTC(year, month, 1) - 1).toISOString();
    const audit = await api.get(path(`/audit?kind=decision&limit=1000&from=${from}&to=${to}`), admin);
    // Usage is counted from the audit stream, a moment after the answers: it reaches the audited number.
    const usage = { body: await meteredUsage(api, tenantId, period, admin, audit.body.items.length) };
    const mine = usage.body.byAgent.find((entry: { agentId: string }) => entry.agentId === id);
    expect(mine).toMatchObject({ decisions: 4, allowed: 3, denied: 1, batchRequests: 1 });
    expect(usage.body.byTeam.map((team: { team: string }) => team.team)).toEqual(['capped', 'support']);
    expect(usage.body.byTeam.reduce((sum: number, team: { decisions: number }) => sum + team.decisions, 0)).toBe(
      usage.body.totals.decisions,
    );
    expect(usage.body.totals.activeAgents).toBeGreaterThanOrEqual(1);
    expect(usage.body.byDay.reduce((sum: number, day: { decisions: number }) => sum + day.decisions, 0)).toBe(usage.body.totals.decisions);
  });

  it('refuses usage to roles without it, and a bad period with 400 naming it', async () => {
    const lead = await api.token({ roles: ['team-lead'], tenant: tenantId, teams: ['support'] });
    expect((await api.get(path(`/usage?period=2026-11`), lead)).status).toBe(403);
    const bad = await api.get(path('/usage?period=2026-13'), admin);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('period');
  });
});
