/**
 * The fleet generator (`npm run fleet`) against the local runtime: two tenants of steady traffic
 * teach the detectors their agents' normal; then one agent's burst of denials is injected, and the
 * anomaly, its incident and signed webhook deliveries to a loopback receiver follow, while the
 * steady tenant stays quiet. The tenants run the default playbooks: the spiking agent is
 * quarantined (its next request needs approval, naming the quarantine), the run joins the
 * incident's timeline and is announced, signed; a revert lifts the quarantine. The test clock
 * moves a minute at a time instead of the wall clock.
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
  /** The functions' clock when the detection minute settled, and the verified deliveries by then. */
  let settledAt: number;
  let incidentId: string;
  const verify = (body: string, headers: Record<string, unknown>, secret: string) =>
    new Webhook(secret).verify(body, {
      'webhook-id': String(headers['webhook-id']),
      'webhook-timestamp': String(headers['webhook-timestamp']),
      'webhook-signature': String(headers['webhook-signature']),
    }) as { type: string; data: Record<string, unknown> & { tenantId: string } };

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
      defaultPlaybooks: true,
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
    settledAt = Date.now();

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
    incidentId = incidents[0].id;
  });

  it('quarantines the spiking agent by the default playbook: its requests need approval, naming the quarantine', async () => {
    const [noisy] = fleet.tenants as [Fleet['tenants'][0]];
    const spiking = noisy.agents[0]!;
    const agentPath = `/v1/tenants/${noisy.id}/agents/${spiking.id}`;
    const agent = await eventually(
      async () => {
        const read = await api.get(agentPath, noisy.admin);
        return read.body.quarantine ? read.body : undefined;
      },
      { timeoutMs: 30_000 },
    );
    // From the settled minute (the burst's minute ended 30 s before) to the quarantine, in real time.
    console.log(`time to quarantine after the detection minute settled: ${((Date.now() - settledAt) / 1000).toFixed(1)} s`);
    expect(agent.status).toBe('active');
    expect(agent.quarantine).toMatchObject({
      by: 'system:playbook:deny-spike-quarantine',
      runId: expect.stringMatching(/^rem_[0-9A-Z]{26}-deny-spike-quarantine$/),
    });
    expect(Date.parse(agent.quarantine.until) - (firstMinute + 5 * 60_000 + 30_000)).toBeGreaterThan(3.9 * 3_600_000);

    // What the policy allows now needs a person; what it denies stays denied.
    const allowed = await api.request('POST', '/v1/authorize', { token: spiking.key, body: { action: 'tool:invoke', tool: 'crm.read' } });
    expect(allowed.status).toBe(200);
    expect(allowed.body).toMatchObject({ effect: 'require_approval', approvalId: expect.stringMatching(/^apr_/) });
    expect(allowed.body.reason).toMatch(/^Quarantined until .* by system:playbook:deny-spike-quarantine/);
    const denied = await api.request('POST', '/v1/authorize', { token: spiking.key, body: { action: 'tool:invoke', tool: 'vault.read' } });
    expect(denied.body.effect).toBe('deny');
    // Another agent of the tenant is not quarantined.
    const other = await api.request('POST', '/v1/authorize', {
      token: noisy.agents[1]!.key,
      body: { action: 'tool:invoke', tool: 'crm.read' },
    });
    expect(other.body.effect).toBe('allow');

    // A person lets that one request through: the approval issues a grant, and the same request is allowed.
    const security = await api.token({ roles: ['security'], tenant: noisy.id, sub: `sec@${noisy.id}` });
    const approved = await api.post(`/v1/tenants/${noisy.id}/approvals/${allowed.body.approvalId}/approve`, security, {});
    expect(approved.status).toBe(200);
    const again = await eventually(async () => {
      const answer = await api.request('POST', '/v1/authorize', { token: spiking.key, body: { action: 'tool:invoke', tool: 'crm.read' } });
      return answer.body.effect === 'allow' ? answer : undefined;
    });
    expect(again.body).toMatchObject({ effect: 'allow', grantId: expect.stringMatching(/^gnt_/) });

    // The run: succeeded, every step done, on the incident's timeline, and announced to the channel, signed.
    const runs = (await api.get(`/v1/tenants/${noisy.id}/remediations?agentId=${spiking.id}`, noisy.admin)).body.items;
    expect(runs).toHaveLength(1);
    const run = await eventually(async () => {
      const read = await api.get(`/v1/tenants/${noisy.id}/remediations/${runs[0].id}`, noisy.admin);
      return read.body.status === 'succeeded' ? read.body : undefined;
    });
    expect(run).toMatchObject({
      playbookId: 'deny-spike-quarantine',
      mode: 'enforce',
      trigger: { event: 'Anomaly.Detected' },
      effects: { incidentId },
    });
    expect(run.steps.map((step: { type: string; status: string }) => `${step.type}:${step.status}`)).toEqual([
      'quarantine_agent:done',
      'open_incident:done',
      'notify:done',
    ]);
    const incident = (await api.get(`/v1/tenants/${noisy.id}/incidents/${incidentId}`, noisy.admin)).body;
    expect(incident.remediations).toEqual([run.id]);
    expect(incident.timeline).toContainEqual(
      expect.objectContaining({ kind: 'remediation', actor: 'system:playbook:deny-spike-quarantine' }),
    );
    const audit = (await api.get(`/v1/tenants/${noisy.id}/audit?kind=change&agentId=${spiking.id}`, noisy.admin)).body.items;
    expect(audit).toContainEqual(
      expect.objectContaining({
        action: 'agent.quarantined',
        actor: { type: 'system', name: 'playbook:deny-spike-quarantine' },
        reason: `remediation ${run.id}`,
      }),
    );
    const notice = await eventually(async () => {
      const found = receiver.received.find((request) => request.body.includes(run.id));
      return found;
    });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Number(notice.headers['webhook-timestamp']) * 1000);
    const message = verify(notice.body, notice.headers, noisy.channelSecret!);
    vi.useRealTimers();
    expect(message).toMatchObject({
      type: 'Remediation.Notified',
      data: { tenantId: noisy.id, runId: run.id, playbookId: 'deny-spike-quarantine', agentId: spiking.id },
    });
    expect(String(message.data.summary)).toContain(`quarantined agent ${spiking.id}`);
  });

  it('lifts the quarantine when the run is reverted, and says what it did', async () => {
    const [noisy] = fleet.tenants as [Fleet['tenants'][0]];
    const spiking = noisy.agents[0]!;
    const [run] = (await api.get(`/v1/tenants/${noisy.id}/remediations?agentId=${spiking.id}`, noisy.admin)).body.items;
    const auditor = await api.token({ roles: ['auditor'], tenant: noisy.id });
    expect((await api.post(`/v1/tenants/${noisy.id}/remediations/${run.id}/revert`, auditor, {})).status).toBe(403);

    const reverted = await api.post(`/v1/tenants/${noisy.id}/remediations/${run.id}/revert`, noisy.admin, {});
    expect(reverted.status).toBe(200);
    expect(reverted.body).toMatchObject({
      run: { id: run.id, status: 'reverted' },
      reverted: [{ type: 'quarantine_agent' }],
      notReverted: [],
    });
    expect((await api.get(`/v1/tenants/${noisy.id}/agents/${spiking.id}`, noisy.admin)).body.quarantine).toBeUndefined();
    const answer = await eventually(async () => {
      const decided = await api.request('POST', '/v1/authorize', {
        token: spiking.key,
        body: { action: 'tool:invoke', tool: 'docs.search' },
      });
      return decided.body.effect === 'allow' ? decided : undefined;
    });
    expect(answer.body.reason).not.toContain('Quarantined');
    const twice = await api.post(`/v1/tenants/${noisy.id}/remediations/${run.id}/revert`, noisy.admin, {});
    expect(twice.status).toBe(409);
  });
});
