/**
 * The fleet generator (`npm run fleet`) against the local runtime: two tenants of steady traffic
 * teach the detectors their agents' normal; then one agent's burst of denials is injected, and the
 * anomaly, its incident and signed webhook deliveries to a loopback receiver follow, while the
 * steady tenant stays quiet. The test clock moves a minute at a time instead of the wall clock.
 */
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { driveMinute, type Fleet, type FleetApi, type FleetPlan, setUpFleet } from '../../infra/local/fleet/fleet-generator';
import { eventually, unique, wardenClient } from '../support/warden-client';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

const api = wardenClient(inject('runtimeUrl'), inject('runtimeDataDir'));
const fleetApi: FleetApi = { request: (method, path, options) => api.request(method, path, options) };

describe('A simulated fleet with an injected anomaly', () => {
  let receiver: WebhookReceiver;
  let fleet: Fleet;
  let plan: FleetPlan;
  const firstMinute = Math.ceil((Date.now() + 2 * 3_600_000) / 60_000) * 60_000;
  const at = (minute: number, second = 5) => api.setClockOffset(firstMinute + minute * 60_000 + second * 1000 - Date.now());
  let sent = 0;

  /** Waits until the rollups of every fleet tenant hold what was sent. */
  const rolledUp = () =>
    eventually(async () => {
      let seen = 0;
      for (const tenant of fleet.tenants)
        seen += (await api.get(`/v1/tenants/${tenant.id}/metrics?window=24h`, tenant.admin)).body.decisions;
      return seen === sent ? true : undefined;
    });

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    plan = {
      prefix: unique('fleet'),
      tenants: 2,
      teams: ['support', 'finance'],
      agentsPerTeam: 2,
      decisionsPerAgentMinute: 12,
      learningMinutes: 3,
      webhookUrl: `${receiver.url}/warden`,
    };
    fleet = await setUpFleet(fleetApi, (claims) => api.token(claims), plan);
  });

  afterAll(async () => {
    await api.setClockOffset(0);
    await receiver.close();
  });

  it('finds the injected burst, opens an incident and tells the tenant signed, and nothing in the steady tenant', async () => {
    for (let minute = 0; minute < 5; minute++) {
      await at(minute);
      const traffic = await driveMinute(
        fleetApi,
        fleet,
        plan,
        minute + 1,
        minute === 4 ? { tenant: 0, agent: 0, kind: 'deny_spike' } : undefined,
      );
      expect(traffic.denied).toBeGreaterThanOrEqual(minute === 4 ? 40 : 0);
      sent += traffic.decisions;
      await rolledUp();
    }
    await at(5, 30);

    const [noisy, steady] = fleet.tenants as [Fleet['tenants'][0], Fleet['tenants'][0]];
    const anomalies = await eventually(
      async () => {
        const listed = (await api.get(`/v1/tenants/${noisy.id}/anomalies`, noisy.admin)).body.items;
        return listed.some((anomaly: { kind: string }) => anomaly.kind === 'deny_spike') ? listed : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(new Set(anomalies.map((anomaly: { agentId: string }) => anomaly.agentId))).toEqual(new Set([noisy.agents[0]!.id]));
    const incidents = (await api.get(`/v1/tenants/${noisy.id}/incidents?status=open`, noisy.admin)).body.items;
    expect(incidents).toEqual([
      expect.objectContaining({ agentId: noisy.agents[0]!.id, severity: expect.stringMatching(/high|critical/) }),
    ]);
    expect((await api.get(`/v1/tenants/${steady.id}/anomalies`, steady.admin)).body.items).toEqual([]);

    const deliveries = await eventually(async () => {
      const types = receiver.received.map((request) => request.body && (JSON.parse(request.body) as { type: string }).type);
      return types.includes('Incident.Opened') && types.includes('Anomaly.Detected') ? receiver.received : undefined;
    });
    // Every delivery verifies with its own tenant's channel secret. The receiver checks the
    // signature's timestamp against its clock: here, the functions' test clock.
    const secrets = new Map(fleet.tenants.map((tenant) => [tenant.id, tenant.channelSecret!]));
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(firstMinute + 5 * 60_000 + 30_000);
    const messages = deliveries.map((request) => {
      const { data } = JSON.parse(request.body) as { data: { tenantId: string } };
      return new Webhook(secrets.get(data.tenantId)!).verify(request.body, {
        'webhook-id': String(request.headers['webhook-id']),
        'webhook-timestamp': String(request.headers['webhook-timestamp']),
        'webhook-signature': String(request.headers['webhook-signature']),
      }) as { type: string; data: { tenantId: string; incidentId?: string } };
    });
    vi.useRealTimers();
    const opened = messages.find((message) => message.type === 'Incident.Opened' && message.data.tenantId === noisy.id);
    expect(messages.filter((message) => message.type !== 'Approval.Requested').every((message) => message.data.tenantId === noisy.id)).toBe(
      true,
    );
    expect(opened?.data.incidentId).toBe(incidents[0].id);
  });
});
