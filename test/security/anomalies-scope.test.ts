/**
 * Who sees which anomalies and may change detector settings: team leads see their teams' agents'
 * anomalies only and may not change settings; auditors read but do not write; another tenant's
 * callers and agent keys are refused. Anomalies here are recorded straight into the runtime's
 * tables through the real store, as the detection job records them.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createDynamoDbMonitoringStore } from '../../shared/adapters/dynamodb/dynamodb-monitoring-store';
import { anomalyChange, anomalyOf } from '../../shared/monitoring/anomaly';
import { incidentChange, openedBy } from '../../shared/monitoring/incident';
import { unique, wardenClient } from '../support/warden-client';
import { runtimeStores } from '../support/runtime-stores';

const api = wardenClient(inject('runtimeUrl'), inject('runtimeDataDir'));

describe('Anomalies scope', () => {
  let tenantId: string;
  let admin: string;
  const incidents: Record<string, string> = {};
  const path = (rest: string) => `/v1/tenants/${tenantId}${rest}`;

  beforeAll(async () => {
    const platform = await api.token({ roles: ['platform-admin'] });
    tenantId = unique('anomaly-scope');
    expect(
      (await api.post('/v1/tenants', platform, { id: tenantId, name: 'Scope', tier: 'business', environments: ['prod'] })).status,
    ).toBe(201);
    admin = await api.token({ roles: ['tenant-admin'], tenant: tenantId });
    const { clients, tables } = runtimeStores(inject('runtimeLogFile'));
    const store = createDynamoDbMonitoringStore(clients, tables);
    const minute = new Date().toISOString().slice(0, 16);
    for (const [agentId, team] of [
      ['agt_01SUPPORT00000000000000000', 'support'],
      ['agt_01RESEARCH0000000000000000', 'research'],
    ] as const) {
      const anomaly = anomalyOf({
        tenantId,
        agentId,
        team,
        minute,
        detection: { kind: 'deny_spike', observed: 1, baseline: 0, score: 20 },
        detectedAt: new Date().toISOString(),
      });
      const incident = openedBy(anomaly, `inc_${agentId.slice(4)}`);
      incidents[team] = incident.id;
      await store.recordAnomaly({ ...anomaly, incidentId: incident.id }, anomalyChange(anomaly, `aud_${agentId.slice(4)}`), {
        next: incident,
        expectedVersion: undefined,
        change: incidentChange(incident, undefined, { id: `aud_I${agentId.slice(5)}`, actor: { type: 'system', name: 'detectors' } }),
      });
    }
  });

  it("shows a team lead only their teams' agents' anomalies", async () => {
    expect((await api.get(path('/anomalies'), admin)).body.items).toHaveLength(2);
    const lead = await api.token({ roles: ['team-lead'], tenant: tenantId, teams: ['support'] });
    const seen = await api.get(path('/anomalies'), lead);
    expect(seen.status).toBe(200);
    expect(seen.body.items.map((anomaly: { team: string }) => anomaly.team)).toEqual(['support']);
    expect(JSON.stringify(seen.body)).not.toContain('RESEARCH');
  });

  it("shows a team lead only their teams' incidents, and lets no lead or auditor move one", async () => {
    const lead = await api.token({ roles: ['team-lead'], tenant: tenantId, teams: ['support'] });
    const listed = await api.get(path('/incidents'), lead);
    expect(listed.body.items.map((incident: { team: string }) => incident.team)).toEqual(['support']);
    expect((await api.get(path(`/incidents/${incidents.support}`), lead)).status).toBe(200);
    const other = await api.get(path(`/incidents/${incidents.research}`), lead);
    expect(other.status).toBe(403);
    expect(JSON.stringify(other.body)).not.toContain('RESEARCH');
    const auditor = await api.token({ roles: ['auditor'], tenant: tenantId });
    for (const caller of [lead, auditor])
      expect((await api.post(path(`/incidents/${incidents.support}/acknowledge`), caller, {})).status).toBe(403);
    expect((await api.get(path(`/incidents/${incidents.research}`), auditor)).status).toBe(200);
  });

  it("answers another tenant's incident id on one's own path as one that never existed", async () => {
    const platform = await api.token({ roles: ['platform-admin'] });
    const otherTenant = unique('anomaly-other');
    await api.post('/v1/tenants', platform, { id: otherTenant, name: 'Other', tier: 'business', environments: ['prod'] });
    const otherAdmin = await api.token({ roles: ['tenant-admin'], tenant: otherTenant });
    const theirs = await api.get(`/v1/tenants/${otherTenant}/incidents/${incidents.support}`, otherAdmin);
    const never = await api.get(`/v1/tenants/${otherTenant}/incidents/inc_00000000000000000000000000`, otherAdmin);
    expect(theirs.status).toBe(404);
    expect(never.status).toBe(404);
    expect(theirs.body.error.code).toBe(never.body.error.code);
    expect((await api.post(`/v1/tenants/${otherTenant}/incidents/${incidents.support}/resolve`, otherAdmin, {})).status).toBe(404);
  });

  it('lets only tenant admins and security change the settings', async () => {
    for (const roles of [['team-lead'], ['auditor'], ['finance']]) {
      const caller = await api.token({ roles, tenant: tenantId, teams: ['support'] });
      expect((await api.put(path('/monitoring'), caller, { learningMinutes: 1 })).status, roles[0]).toBe(403);
    }
    const auditor = await api.token({ roles: ['auditor'], tenant: tenantId });
    expect((await api.get(path('/monitoring'), auditor)).status).toBe(200);
    const security = await api.token({ roles: ['security'], tenant: tenantId });
    expect((await api.put(path('/monitoring'), security, { learningMinutes: 30 })).status).toBe(200);
  });

  it("refuses another tenant's admin and an agent key, and tells them nothing", async () => {
    const stranger = await api.token({ roles: ['tenant-admin'], tenant: unique('stranger') });
    for (const route of ['/anomalies', '/monitoring']) {
      const refused = await api.get(path(route), stranger);
      expect(refused.status).toBe(403);
      expect(JSON.stringify(refused.body)).not.toMatch(/deny_spike|learningMinutes/);
    }
    expect((await api.put(path('/monitoring'), stranger, { learningMinutes: 1 })).status).toBe(403);
  });

  it("lets no team lead, auditor or other tenant's admin set quiet hours, which would silence the tenant's alerts", async () => {
    const quietHours = { from: '00:00', to: '23:59', timeZone: 'Europe/Berlin' };
    const lead = await api.token({ roles: ['team-lead'], tenant: tenantId, teams: ['support'] });
    const auditor = await api.token({ roles: ['auditor'], tenant: tenantId });
    const stranger = await api.token({ roles: ['tenant-admin'], tenant: unique('stranger') });
    for (const [who, caller] of [
      ['team lead', lead],
      ['auditor', auditor],
      ['stranger', stranger],
    ] as const) {
      const refused = await api.put(path('/monitoring'), caller, { quietHours });
      expect(refused.status, who).toBe(403);
      expect(JSON.stringify(refused.body), who).not.toContain('quietHours');
    }
    expect((await api.get(path('/monitoring'), admin)).body.quietHours).toBeUndefined();
    const saved = await api.put(path('/monitoring'), admin, { quietHours });
    expect(saved.status).toBe(200);
    expect((await api.get(path('/monitoring'), auditor)).body.quietHours).toEqual(quietHours);
  });
});
