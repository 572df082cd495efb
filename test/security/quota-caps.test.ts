/**
 * Team quota caps (security review, point 8b): a team lead may give an agent quotas only up to its
 * team's and its tenant's quotas; tenant admins are not capped and change a team's quotas with
 * `PATCH /v1/tenants/{t}/teams/{team}`. Over HTTP on the local runtime.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { eventually, unique, wardenClient } from '../support/warden-client';

const api = wardenClient(inject('runtimeUrl'), inject('runtimeDataDir'));

describe('Team quota caps', () => {
  let tenantId: string;
  let admin: string;
  let lead: string;
  const path = (rest: string) => `/v1/tenants/${tenantId}${rest}`;

  async function register(token: string, team: string, quotas?: Record<string, number>) {
    return api.post(path('/agents'), token, {
      name: 'bot',
      team,
      role: 'bot',
      environment: 'prod',
      owner: 'owner@corp',
      ...(quotas ? { quotas } : {}),
    });
  }
  async function agentIn(team: string, quotas?: Record<string, number>) {
    const registered = await register(admin, team, quotas);
    expect(registered.status).toBe(201);
    return { id: registered.body.agent.id as string, apiKey: registered.body.apiKey as string };
  }
  const setQuotas = (token: string, agentId: string, quotas: Record<string, number>, extra: Record<string, unknown> = {}) =>
    api.patch(path(`/agents/${agentId}`), token, { quotas, ...extra });

  beforeAll(async () => {
    const platform = await api.token({ roles: ['platform-admin'] });
    tenantId = unique('caps');
    // The tenant caps decisions per day only: per month, nothing caps a team lead but a team's own quota.
    expect(
      (
        await api.post('/v1/tenants', platform, {
          id: tenantId,
          name: 'Caps',
          tier: 'business',
          environments: ['prod'],
          quotas: { decisionsPerDay: 1000 },
        })
      ).status,
    ).toBe(201);
    admin = await api.token({ sub: 'root@corp', roles: ['tenant-admin'], tenant: tenantId });
    lead = await api.token({ sub: 'lead@corp', roles: ['team-lead'], tenant: tenantId, teams: ['capped', 'open', 'small'] });
    expect((await api.post(path('/teams'), admin, { name: 'capped', quotas: { decisionsPerDay: 100 } })).status).toBe(201);
    expect((await api.post(path('/teams'), admin, { name: 'open' })).status).toBe(201);
    expect((await api.post(path('/teams'), admin, { name: 'small', quotas: { decisionsPerDay: 50 } })).status).toBe(201);
    expect((await api.put(path('/roles/bot'), admin, { description: 'bot' })).status).toBe(201);
    expect(
      (await api.put(path('/policies/tenant'), admin, { reason: 'r', rules: [{ id: 'all', effect: 'allow', actions: ['tool:invoke'] }] }))
        .status,
    ).toBe(201);
    expect((await api.post(path('/policies/tenant/versions/1/publish'), admin, { reason: 'r' })).status).toBe(200);
  });

  describe("A team lead setting an agent's quotas", () => {
    it("is refused above the team's quota, at registration and on change, with the field and the cap", async () => {
      const above = await register(lead, 'capped', { decisionsPerDay: 101 });
      expect(above.status).toBe(400);
      expect(above.body.error).toMatchObject({
        code: 'quota_above_cap',
        details: [expect.objectContaining({ path: 'quotas.decisionsPerDay', cap: 100, capFrom: 'team' })],
      });

      const registered = await register(lead, 'capped', { decisionsPerDay: 100 });
      expect(registered.status).toBe(201);
      const agentId = registered.body.agent.id as string;
      const raised = await setQuotas(lead, agentId, { decisionsPerDay: 1_000_000 });
      expect(raised.status).toBe(400);
      expect(raised.body.error.code).toBe('quota_above_cap');
      expect((await api.get(path(`/agents/${agentId}`), admin)).body.quotas).toEqual({ decisionsPerDay: 100 });
      expect((await setQuotas(lead, agentId, { decisionsPerDay: 60 })).status).toBe(200);
    });

    it("is capped by the tenant's quota when the team has none, and not at all where neither has one", async () => {
      const { id } = await agentIn('open');
      const above = await setQuotas(lead, id, { decisionsPerDay: 1001 });
      expect(above.status).toBe(400);
      expect(above.body.error.details).toEqual([expect.objectContaining({ path: 'quotas.decisionsPerDay', cap: 1000, capFrom: 'tenant' })]);
      expect((await setQuotas(lead, id, { decisionsPerDay: 1000, decisionsPerMonth: 90_000_000 })).status).toBe(200);
    });

    it('may lower a value a tenant admin set above the cap, but not raise it again', async () => {
      const { id } = await agentIn('capped');
      const byAdmin = await setQuotas(admin, id, { decisionsPerDay: 5000 }); // tenant admins are not capped
      expect(byAdmin.status).toBe(200);
      expect(byAdmin.body.quotas).toEqual({ decisionsPerDay: 5000 });
      expect((await setQuotas(lead, id, { decisionsPerDay: 4000 })).status).toBe(200);
      expect((await setQuotas(lead, id, { decisionsPerDay: 4500 })).status).toBe(400);
    });

    it('is refused moving an agent into a team whose quota its quotas exceed, unless it lowers them in the same change', async () => {
      const { id } = await agentIn('capped', { decisionsPerDay: 100 });
      const moved = await api.patch(path(`/agents/${id}`), lead, { team: 'small' });
      expect(moved.status).toBe(400);
      expect(moved.body.error.details).toEqual([expect.objectContaining({ cap: 50, capFrom: 'team' })]);
      const lowered = await setQuotas(lead, id, { decisionsPerDay: 50 }, { team: 'small' });
      expect(lowered.status).toBe(200);
      expect(lowered.body).toMatchObject({ team: 'small', quotas: { decisionsPerDay: 50 } });
    });
  });

  describe('PATCH /v1/tenants/{t}/teams/{team}', () => {
    it("changes a team's quotas for decisions at once, and the caps team leads get", async () => {
      expect((await api.post(path('/teams'), admin, { name: 'metered' })).status).toBe(201);
      const { apiKey } = await agentIn('metered');
      const patched = await api.patch(path('/teams/metered'), admin, {
        quotas: { decisionsPerDay: 2 },
        description: 'two a day',
        reason: 'budget',
      });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({
        name: 'metered',
        description: 'two a day',
        quotas: { decisionsPerDay: 2 },
        version: 2,
        updatedBy: 'root@corp',
      });

      const authorize = () => api.request('POST', '/v1/authorize', { token: apiKey, body: { action: 'tool:invoke' } });
      expect([(await authorize()).status, (await authorize()).status]).toEqual([200, 200]);
      const refused = await authorize();
      expect(refused.status).toBe(429);
      expect(refused.body.error.details[0]).toMatchObject({ scope: 'team', subject: 'metered', limit: 2 });

      const teamLead = await api.token({ sub: 'metered-lead@corp', roles: ['team-lead'], tenant: tenantId, teams: ['metered'] });
      expect((await register(teamLead, 'metered', { decisionsPerDay: 3 })).body.error).toMatchObject({ code: 'quota_above_cap' });

      const event = await eventually(async () =>
        (await api.events('Team.Updated')).find(
          (candidate) => candidate.detail.tenantId === tenantId && candidate.detail.team === 'metered',
        ),
      );
      expect(event.detail).toMatchObject({ changed: ['description', 'quotas'], actor: 'root@corp' });
      const audit = await api.get(path('/audit?kind=change'), admin);
      expect(audit.body.items).toContainEqual(
        expect.objectContaining({
          action: 'team.updated',
          reason: 'budget',
          before: expect.objectContaining({ quotas: {} }),
          after: expect.objectContaining({ quotas: { decisionsPerDay: 2 } }),
        }),
      );
    });

    it('refuses team leads, so they cannot lift their own cap', async () => {
      const refused = await api.patch(path('/teams/capped'), lead, { quotas: { decisionsPerDay: 1_000_000 } });
      expect(refused.status).toBe(403);
      expect((await api.get(path('/teams'), admin)).body.items).toContainEqual(
        expect.objectContaining({ name: 'capped', quotas: { decisionsPerDay: 100 } }),
      );
    });

    it('answers 404 for an unknown team and 400 for a bad body, naming the field', async () => {
      const missing = await api.patch(path('/teams/no-such-team'), admin, { quotas: {} });
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('not_found');
      for (const body of [
        {},
        { reason: 'only a reason' },
        { name: 'renamed' },
        { quotas: { decisionsPerDay: -1 } },
        { quotas: { perHour: 5 } },
      ]) {
        const bad = await api.patch(path('/teams/capped'), admin, body);
        expect(bad.status, JSON.stringify(body)).toBe(400);
      }
      const negative = await api.patch(path('/teams/capped'), admin, { quotas: { decisionsPerDay: -1 } });
      expect(negative.body.error.details).toContainEqual(expect.objectContaining({ path: 'quotas.decisionsPerDay' }));
      expect((await api.patch(path('/teams/not%20a%20name'), admin, { quotas: {} })).status).toBe(400);
    });

    it("answers another tenant's admin 403 whether or not the team exists, and changes nothing", async () => {
      const platform = await api.token({ roles: ['platform-admin'] });
      const otherTenant = unique('caps-other');
      expect(
        (await api.post('/v1/tenants', platform, { id: otherTenant, name: 'Other', tier: 'business', environments: ['prod'] })).status,
      ).toBe(201);
      const intruder = await api.token({ sub: 'root@corp', roles: ['tenant-admin'], tenant: otherTenant });
      const existing = await api.patch(path('/teams/capped'), intruder, { quotas: { decisionsPerDay: 1_000_000 } });
      const missing = await api.patch(path('/teams/no-such-team'), intruder, { quotas: { decisionsPerDay: 1_000_000 } });
      expect([existing.status, missing.status]).toEqual([403, 403]);
      expect(existing.body.error.code).toBe(missing.body.error.code);
      expect(existing.body.error.message).toBe(missing.body.error.message);
      expect((await api.get(path('/teams'), admin)).body.items).toContainEqual(
        expect.objectContaining({ name: 'capped', quotas: { decisionsPerDay: 100 }, version: 1 }),
      );
    });

    it('is in the OpenAPI document, generated from the manifest', async () => {
      const document = await api.get('/openapi.json');
      const operation = document.body.paths['/v1/tenants/{tenantId}/teams/{team}']?.patch;
      expect(operation).toBeDefined();
      expect(operation.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(
        expect.arrayContaining(['tenantId', 'team']),
      );
      expect(JSON.stringify(operation.requestBody)).toContain('decisionsPerDay');
    });
  });
});
