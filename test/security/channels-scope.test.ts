/**
 * Notification channels: only tenant admins and security change them, auditors read them, nobody
 * reads a secret back (not in the channel, not in the audit log), and another tenant's callers
 * are refused and learn nothing.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { unique, wardenClient } from '../support/warden-client';

const api = wardenClient(inject('runtimeUrl'), inject('runtimeDataDir'));

describe('Channels scope', () => {
  let tenantId: string;
  let admin: string;
  let secret: string;
  const path = (rest: string) => `/v1/tenants/${tenantId}${rest}`;
  const body = { kind: 'webhook', url: 'https://hooks.example.com/warden', events: ['Incident.Opened'] };

  beforeAll(async () => {
    const platform = await api.token({ roles: ['platform-admin'] });
    tenantId = unique('channels');
    await api.post('/v1/tenants', platform, { id: tenantId, name: 'Channels', tier: 'business', environments: ['prod'] });
    admin = await api.token({ roles: ['tenant-admin'], tenant: tenantId });
    const created = await api.put(path('/channels/pager'), admin, body);
    expect(created.status).toBe(201);
    secret = created.body.secret;
  });

  it('lets tenant admins and security change channels, auditors only read them, others nothing', async () => {
    const security = await api.token({ roles: ['security'], tenant: tenantId });
    expect((await api.put(path('/channels/sec'), security, body)).status).toBe(201);
    const auditor = await api.token({ roles: ['auditor'], tenant: tenantId });
    expect((await api.get(path('/channels'), auditor)).status).toBe(200);
    expect((await api.put(path('/channels/pager'), auditor, body)).status).toBe(403);
    expect((await api.post(path('/channels/pager/test'), auditor, {})).status).toBe(403);
    for (const roles of [['team-lead'], ['finance']]) {
      const caller = await api.token({ roles, tenant: tenantId, teams: ['ops'] });
      expect((await api.get(path('/channels'), caller)).status, roles[0]).toBe(403);
      expect((await api.request('DELETE', path('/channels/pager'), { token: caller })).status, roles[0]).toBe(403);
    }
  });

  it('never shows a secret again: not in the channel, the list or the audit log', async () => {
    const views = [
      await api.get(path('/channels/pager'), admin),
      await api.get(path('/channels'), admin),
      await api.get(path('/audit?kind=change'), admin),
    ];
    for (const view of views) expect(JSON.stringify(view.body)).not.toContain(secret.slice(6));
    const audit = views[2]!.body.items.map((record: { action: string }) => record.action);
    expect(audit).toContain('channel.created');
  });

  it("refuses another tenant's admin on this tenant's channels, and tells nothing", async () => {
    const stranger = await api.token({ roles: ['tenant-admin'], tenant: unique('stranger') });
    for (const [method, route] of [
      ['GET', '/channels/pager'],
      ['GET', '/channels/pager/deliveries'],
      ['POST', '/channels/pager/test'],
      ['DELETE', '/channels/pager'],
    ] as const) {
      const refused = await api.request(method, path(route), { token: stranger, body: {} });
      expect(refused.status, route).toBe(403);
      expect(JSON.stringify(refused.body)).not.toContain('hooks.example.com');
    }
    expect((await api.put(path('/channels/pager'), stranger, { ...body, url: 'https://evil.example.com' })).status).toBe(403);
    expect((await api.get(path('/channels/pager'), admin)).body.url).toBe(body.url);
  });
});
