/**
 * The foundation's journey as a user drives it over HTTP: onboard two tenants → teams → roles →
 * agents → the key works on /v1/agent/self → rotate → the old key works inside the grace period
 * and not after → decommission → 401.
 */
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { eventually, unique, wardenClient } from '../support/warden-client';

const api = wardenClient(inject('runtimeUrl'), inject('runtimeDataDir'));

async function onboard(platformToken: string, id: string) {
  const response = await api.post('/v1/tenants', platformToken, {
    id,
    name: `Tenant ${id}`,
    tier: 'business',
    environments: ['dev', 'prod'],
  });
  expect(response.status).toBe(201);
  return response.body;
}

describe('Tenancy journey', () => {
  let platform: string;
  let tenantA: string;
  let tenantB: string;
  let adminA: string;
  let adminB: string;

  beforeAll(async () => {
    platform = await api.token({ roles: ['platform-admin'] });
    tenantA = unique('journey-a');
    tenantB = unique('journey-b');
    await onboard(platform, tenantA);
    await onboard(platform, tenantB);
    adminA = await api.token({ roles: ['tenant-admin'], tenant: tenantA, sub: 'alice' });
    adminB = await api.token({ roles: ['tenant-admin'], tenant: tenantB, sub: 'bob' });
  });

  afterEach(async () => {
    await api.setClockOffset(0);
  });

  it('onboards tenants that the platform can list and read', async () => {
    const listed = await api.get('/v1/tenants?limit=1000', platform);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((tenant: { id: string }) => tenant.id)).toEqual(expect.arrayContaining([tenantA, tenantB]));
    const read = await api.get(`/v1/tenants/${tenantA}`, platform);
    expect(read.body).toMatchObject({ id: tenantA, status: 'active', tier: 'business', environments: ['dev', 'prod'], retentionDays: 90 });
  });

  it('refuses a second tenant with the same id with 409', async () => {
    const again = await api.post('/v1/tenants', platform, { id: tenantA, name: 'Again', tier: 'business', environments: ['dev'] });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('tenant_exists');
  });

  it('registers an agent whose key works on /v1/agent/self, survives rotation inside the grace and dies after it and at decommission', async () => {
    expect((await api.post(`/v1/tenants/${tenantA}/teams`, adminA, { name: 'payments' })).status).toBe(201);
    expect((await api.put(`/v1/tenants/${tenantA}/roles/payment-bot`, adminA, { description: 'Moves money' })).status).toBe(201);

    const registered = await api.post(`/v1/tenants/${tenantA}/agents`, adminA, {
      name: 'refund-bot',
      team: 'payments',
      role: 'payment-bot',
      environment: 'prod',
      owner: 'alice',
      labels: { tier: 'gold' },
    });
    expect(registered.status).toBe(201);
    const { agent, apiKey: firstKey } = registered.body;
    expect(firstKey).toMatch(new RegExp(`^wdn_${tenantA}_[A-Za-z0-9]{49}$`));
    expect(JSON.stringify(agent)).not.toContain(firstKey);
    expect(agent.keys[0]).not.toHaveProperty('keyHash');

    const self = await api.get('/v1/agent/self', firstKey);
    expect(self.status).toBe(200);
    expect(self.body).toMatchObject({ id: agent.id, tenantId: tenantA, team: 'payments', role: 'payment-bot', environment: 'prod' });

    const rotated = await api.post(`/v1/tenants/${tenantA}/agents/${agent.id}/rotate-key`, adminA, { graceMinutes: 30 });
    expect(rotated.status).toBe(200);
    const secondKey = rotated.body.apiKey;
    expect(secondKey).not.toBe(firstKey);
    expect((await api.get('/v1/agent/self', secondKey)).status).toBe(200);
    expect((await api.get('/v1/agent/self', firstKey)).status).toBe(200);

    await api.setClockOffset(29 * 60_000);
    expect((await api.get('/v1/agent/self', firstKey)).status).toBe(200);
    await api.setClockOffset(31 * 60_000);
    expect((await api.get('/v1/agent/self', firstKey)).status).toBe(401);
    expect((await api.get('/v1/agent/self', secondKey)).status).toBe(200);

    const decommissioned = await api.post(`/v1/tenants/${tenantA}/agents/${agent.id}/decommission`, adminA, { reason: 'replaced' });
    expect(decommissioned.status).toBe(200);
    expect(decommissioned.body.status).toBe('decommissioned');
    const refused = await api.get('/v1/agent/self', secondKey);
    expect(refused.status).toBe(401);
    expect(refused.body.error).toMatchObject({ code: 'unauthorized' });
  });

  it('keeps agents of one tenant invisible to the other', async () => {
    await api.post(`/v1/tenants/${tenantB}/teams`, adminB, { name: 'support' });
    await api.put(`/v1/tenants/${tenantB}/roles/support-bot`, adminB, { description: 'Answers tickets' });
    const inB = await api.post(`/v1/tenants/${tenantB}/agents`, adminB, {
      name: 'helper',
      team: 'support',
      role: 'support-bot',
      environment: 'dev',
      owner: 'bob',
    });
    expect(inB.status).toBe(201);
    const listA = await api.get(`/v1/tenants/${tenantA}/agents`, adminA);
    expect(listA.body.items.map((agent: { id: string }) => agent.id)).not.toContain(inB.body.agent.id);
  });

  it('lists agents with filters and paginates with a cursor', async () => {
    const tenant = unique('paging');
    await onboard(platform, tenant);
    const admin = await api.token({ roles: ['tenant-admin'], tenant });
    await api.post(`/v1/tenants/${tenant}/teams`, admin, { name: 'red' });
    await api.post(`/v1/tenants/${tenant}/teams`, admin, { name: 'blue' });
    await api.put(`/v1/tenants/${tenant}/roles/bot`, admin, { description: 'A bot' });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const created = await api.post(`/v1/tenants/${tenant}/agents`, admin, {
        name: `bot-${i}`,
        team: i % 2 ? 'red' : 'blue',
        role: 'bot',
        environment: 'dev',
        owner: 'o',
      });
      ids.push(created.body.agent.id);
    }
    const first = await api.get(`/v1/tenants/${tenant}/agents?limit=2`, admin);
    expect(first.body.items).toHaveLength(2);
    const second = await api.get(`/v1/tenants/${tenant}/agents?limit=2&cursor=${first.body.nextCursor}`, admin);
    const third = await api.get(`/v1/tenants/${tenant}/agents?limit=2&cursor=${second.body.nextCursor}`, admin);
    expect(third.body.nextCursor).toBeUndefined();
    expect([...first.body.items, ...second.body.items, ...third.body.items].map((agent: { id: string }) => agent.id)).toEqual(ids);

    const red = await api.get(`/v1/tenants/${tenant}/agents?team=red&limit=1`, admin);
    expect(red.body.items.map((agent: { name: string }) => agent.name)).toEqual(['bot-1']);
    const redNext = await api.get(`/v1/tenants/${tenant}/agents?team=red&limit=1&cursor=${red.body.nextCursor}`, admin);
    expect(redNext.body.items.map((agent: { name: string }) => agent.name)).toEqual(['bot-3']);

    const withOtherFilters = await api.get(`/v1/tenants/${tenant}/agents?team=blue&limit=1&cursor=${red.body.nextCursor}`, admin);
    expect(withOtherFilters.status).toBe(400);
    expect(withOtherFilters.body.error.code).toBe('invalid_cursor');

    await api.setClockOffset(3 * 86_400_000);
    const inactive = await api.get(`/v1/tenants/${tenant}/agents?inactiveSinceDays=2`, admin);
    expect(inactive.body.items).toHaveLength(5);
    const inactiveLonger = await api.get(`/v1/tenants/${tenant}/agents?inactiveSinceDays=4`, admin);
    expect(inactiveLonger.body.items).toHaveLength(0);
  });

  it('lets a team lead manage agents of their team only', async () => {
    const tenant = unique('leads');
    await onboard(platform, tenant);
    const admin = await api.token({ roles: ['tenant-admin'], tenant });
    await api.post(`/v1/tenants/${tenant}/teams`, admin, { name: 'red' });
    await api.post(`/v1/tenants/${tenant}/teams`, admin, { name: 'blue' });
    await api.put(`/v1/tenants/${tenant}/roles/bot`, admin, { description: 'A bot' });
    const lead = await api.token({ roles: ['team-lead'], tenant, teams: ['red'], sub: 'rita' });
    const mine = await api.post(`/v1/tenants/${tenant}/agents`, lead, {
      name: 'r',
      team: 'red',
      role: 'bot',
      environment: 'dev',
      owner: 'rita',
    });
    expect(mine.status).toBe(201);
    const theirs = await api.post(`/v1/tenants/${tenant}/agents`, lead, {
      name: 'b',
      team: 'blue',
      role: 'bot',
      environment: 'dev',
      owner: 'rita',
    });
    expect(theirs.status).toBe(403);
    const move = await api.patch(`/v1/tenants/${tenant}/agents/${mine.body.agent.id}`, lead, { team: 'blue' });
    expect(move.status).toBe(403);
    expect((await api.post(`/v1/tenants/${tenant}/teams`, lead, { name: 'green' })).status).toBe(403);
    expect((await api.post(`/v1/tenants/${tenant}/agents/${mine.body.agent.id}/suspend`, lead, {})).status).toBe(200);
  });

  it('refuses the operators and agents of a suspended tenant with 403 tenant_suspended, and lets them back after', async () => {
    const tenant = unique('suspended');
    await onboard(platform, tenant);
    const admin = await api.token({ roles: ['tenant-admin'], tenant });
    await api.post(`/v1/tenants/${tenant}/teams`, admin, { name: 'ops' });
    await api.put(`/v1/tenants/${tenant}/roles/bot`, admin, { description: 'A bot' });
    const { apiKey } = (
      await api.post(`/v1/tenants/${tenant}/agents`, admin, { name: 'x', team: 'ops', role: 'bot', environment: 'dev', owner: 'o' })
    ).body;

    expect((await api.patch(`/v1/tenants/${tenant}`, platform, { status: 'suspended', reason: 'unpaid' })).status).toBe(200);
    const operator = await api.get(`/v1/tenants/${tenant}/teams`, admin);
    expect(operator.status).toBe(403);
    expect(operator.body.error.code).toBe('tenant_suspended');
    const agent = await api.get('/v1/agent/self', apiKey);
    expect(agent.status).toBe(403);
    expect(agent.body.error.code).toBe('tenant_suspended');

    expect((await api.patch(`/v1/tenants/${tenant}`, platform, { status: 'active' })).status).toBe(200);
    expect((await api.get(`/v1/tenants/${tenant}/teams`, admin)).status).toBe(200);
    expect((await api.get('/v1/agent/self', apiKey)).status).toBe(200);
  });

  it('refuses a suspended agent with 403 agent_suspended until it is reinstated', async () => {
    const tenant = unique('agent-susp');
    await onboard(platform, tenant);
    const admin = await api.token({ roles: ['tenant-admin'], tenant });
    await api.post(`/v1/tenants/${tenant}/teams`, admin, { name: 'ops' });
    await api.put(`/v1/tenants/${tenant}/roles/bot`, admin, { description: 'A bot' });
    const { agent, apiKey } = (
      await api.post(`/v1/tenants/${tenant}/agents`, admin, { name: 'x', team: 'ops', role: 'bot', environment: 'dev', owner: 'o' })
    ).body;
    await api.post(`/v1/tenants/${tenant}/agents/${agent.id}/suspend`, admin, { reason: 'investigation' });
    const refused = await api.get('/v1/agent/self', apiKey);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('agent_suspended');
    await api.post(`/v1/tenants/${tenant}/agents/${agent.id}/reinstate`, admin, {});
    expect((await api.get('/v1/agent/self', apiKey)).status).toBe(200);
  });

  it('records lastSeenAt when an agent calls, and keeps agent counts from events', async () => {
    const tenant = unique('seen');
    await onboard(platform, tenant);
    const admin = await api.token({ roles: ['tenant-admin'], tenant });
    await api.post(`/v1/tenants/${tenant}/teams`, admin, { name: 'ops' });
    await api.put(`/v1/tenants/${tenant}/roles/bot`, admin, { description: 'A bot' });
    const one = (
      await api.post(`/v1/tenants/${tenant}/agents`, admin, { name: 'one', team: 'ops', role: 'bot', environment: 'dev', owner: 'o' })
    ).body;
    const two = (
      await api.post(`/v1/tenants/${tenant}/agents`, admin, { name: 'two', team: 'ops', role: 'bot', environment: 'dev', owner: 'o' })
    ).body;
    expect((await api.get(`/v1/tenants/${tenant}/agents/${one.agent.id}`, admin)).body.lastSeenAt).toBeUndefined();
    await api.get('/v1/agent/self', one.apiKey);
    expect((await api.get(`/v1/tenants/${tenant}/agents/${one.agent.id}`, admin)).body.lastSeenAt).toEqual(expect.any(String));
    await api.post(`/v1/tenants/${tenant}/agents/${two.agent.id}/suspend`, admin, {});

    const counts = await eventually(async () => {
      const read = await api.get(`/v1/tenants/${tenant}`, platform);
      const value = read.body.agentCounts;
      return value.active === 1 && value.suspended === 1 ? value : undefined;
    });
    expect(counts).toEqual({ active: 1, suspended: 1, decommissioned: 0 });
    const registered = await api.events('Agent.Registered');
    expect(registered.filter((event) => event.detail.tenantId === tenant)).toHaveLength(2);
  });
});
