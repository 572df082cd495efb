/**
 * Anomaly detection over the local runtime: an agent's steady minutes teach its baseline, a burst
 * of denials is found by the scheduled detection job from the metrics rollups, recorded once,
 * listed, announced as `Anomaly.Detected` and written to the audit log. The test clock moves a
 * minute at a time, as the scheduler sees time.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cliUser } from '../support/warden-cli';
import { eventually, tenantWithAgent, unique, wardenClient } from '../support/warden-client';

const api = wardenClient(inject('runtimeUrl'), inject('runtimeDataDir'));

/**
 * What `listPath` lists once it lists any anomaly: the detection job runs once a minute of the
 * functions' clock, over every tenant of the shared runtime.
 */
async function anomaliesOnceListed(listPath: string, token: string) {
  return eventually(
    async () => {
      const listed = await api.get(listPath, token);
      expect(listed.status).toBe(200);
      return listed.body.items.length > 0 ? listed.body.items : undefined;
    },
    { timeoutMs: 30_000 },
  );
}

describe('Anomaly detection', () => {
  let tenantId: string;
  let admin: string;
  let agent: { id: string; key: string };
  const path = (rest: string) => `/v1/tenants/${tenantId}${rest}`;
  /** A minute an hour ahead of real time, so the steps below never meet real minutes. */
  const firstMinute = Math.ceil((Date.now() + 3_600_000) / 60_000) * 60_000;
  /** Moves the functions' clock to `second` seconds into the `minute`-th minute after firstMinute. */
  const at = (minute: number, second = 5) => api.setClockOffset(firstMinute + minute * 60_000 + second * 1000 - Date.now());
  const decide = (tool: string) => api.request('POST', '/v1/authorize', { token: agent.key, body: { action: 'tool:invoke', tool } });
  let sent = 0;
  let anomalyId: string;
  let incidentId: string;

  /** Sends `count` decisions in the current minute and waits until the rollups hold them all. */
  async function minuteOf(count: number, tool: string) {
    const answers = await Promise.all(Array.from({ length: count }, () => decide(tool)));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    sent += count;
    await eventually(async () => ((await api.get(path('/metrics?window=24h'), admin)).body.decisions === sent ? true : undefined));
  }

  beforeAll(async () => {
    const platform = await api.token({ roles: ['platform-admin'] });
    tenantId = unique('anomalies');
    expect(
      (await api.post('/v1/tenants', platform, { id: tenantId, name: 'Anomalies', tier: 'business', environments: ['prod'] })).status,
    ).toBe(201);
    admin = await api.token({ roles: ['tenant-admin'], tenant: tenantId });
    await api.post(path('/teams'), admin, { name: 'support' });
    await api.put(path('/roles/bot'), admin, { description: 'bot' });
    await api.put(path('/policies/tenant'), admin, {
      reason: 'r',
      rules: [{ id: 'read', effect: 'allow', actions: ['tool:invoke'], tools: ['zendesk.read'] }],
    });
    expect((await api.post(path('/policies/tenant/versions/1/publish'), admin, { reason: 'r' })).status).toBe(200);
    const registered = await api.post(path('/agents'), admin, {
      name: 'bot',
      team: 'support',
      role: 'bot',
      environment: 'prod',
      owner: 'o',
    });
    agent = { id: registered.body.agent.id, key: registered.body.apiKey };
  });

  afterAll(async () => {
    await api.setClockOffset(0);
  });

  it('starts from defaults, and keeps settings a tenant saves', async () => {
    const defaults = await api.get(path('/monitoring'), admin);
    expect(defaults.body).toMatchObject({
      learningMinutes: 60,
      detectors: { volume_spike: { enabled: true }, deny_spike: { enabled: true }, new_action: { enabled: true } },
    });
    // The burst below uses a tool the agent never used: with new_action on it would be a second anomaly.
    const saved = await api.put(path('/monitoring'), admin, {
      learningMinutes: 3,
      detectors: { deny_spike: { minDecisions: 5 }, new_action: { enabled: false } },
    });
    expect(saved.status).toBe(200);
    expect((await api.get(path('/monitoring'), admin)).body).toMatchObject({
      learningMinutes: 3,
      detectors: {
        deny_spike: { minDecisions: 5, zScore: 5, minIncrease: 0.3 },
        volume_spike: { minDecisions: 30 },
        new_action: { enabled: false },
      },
    });
    expect((await api.put(path('/monitoring'), admin, { detectors: { new_action: { minKnown: 3 } } })).status).toBe(400);
    const refused = await api.put(path('/monitoring'), admin, { learningMinutes: 0 });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body.error)).toContain('learningMinutes');
  });

  it('finds a burst of denials after the agent learned its normal, once, with its evidence and its event', async () => {
    for (let minute = 0; minute < 5; minute++) {
      await at(minute);
      await minuteOf(6, 'zendesk.read');
    }
    await at(5);
    await minuteOf(10, 'github.push');
    // The job looks at a minute once it ended 15 s ago.
    await at(6, 30);

    const anomalies = await anomaliesOnceListed(path('/anomalies'), admin);
    expect(anomalies).toHaveLength(1);
    expect(anomalies[0]).toMatchObject({
      kind: 'deny_spike',
      agentId: agent.id,
      team: 'support',
      observed: 1,
      baseline: 0,
      window: { from: new Date(firstMinute + 5 * 60_000).toISOString(), to: new Date(firstMinute + 6 * 60_000).toISOString() },
    });
    expect(anomalies[0].score).toBeGreaterThanOrEqual(5);

    const events = await eventually(async () => {
      const found = (await api.events('Anomaly.Detected')).filter((event) => event.detail.tenantId === tenantId);
      return found.length > 0 ? found : undefined;
    });
    expect(events[0]!.detail).toMatchObject({ anomalyId: anomalies[0].id, kind: 'deny_spike', agentId: agent.id });
    const audit = await api.get(path(`/audit?kind=change&agentId=${agent.id}`), admin);
    expect(audit.body.items.map((record: { action: string }) => record.action)).toContain('anomaly.detected');
    expect((await api.get(path('/anomalies?kind=volume_spike'), admin)).body.items).toHaveLength(0);
    expect((await api.get(path('/anomalies?kind=new_action'), admin)).body.items).toHaveLength(0);
    anomalyId = anomalies[0].id;
    incidentId = anomalies[0].incidentId;
    expect((await api.get(path(`/anomalies?kind=deny_spike&agentId=${agent.id}`), admin)).body.items).toHaveLength(1);
  });

  it('groups the anomaly into an incident people acknowledge and resolve, each step announced and audited', async () => {
    const listed = await api.get(path('/incidents?status=open'), admin);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        id: incidentId,
        status: 'open',
        severity: 'high',
        agentId: agent.id,
        team: 'support',
        anomalies: [anomalyId],
      }),
    ]);
    expect(listed.body.items[0].timeline).toBeUndefined();
    const opened = await eventually(async () => {
      const found = (await api.events('Incident.Opened')).filter((event) => event.detail.incidentId === incidentId);
      return found.length > 0 ? found : undefined;
    });
    expect(opened[0]!.detail).toMatchObject({ tenantId, severity: 'high', agentId: agent.id });

    // People answer it from the CLI as from the API.
    const cli = cliUser(inject('runtimeUrl'));
    expect((await cli.run(['--token', admin, 'incidents', 'ls', '--status', 'open'])).stdout).toMatch(
      new RegExp(`${incidentId}\\s+open\\s+high\\s+${agent.id}`),
    );
    const acknowledged = await cli.json(['--token', admin, 'incidents', 'ack', incidentId, '--note', 'on it']);
    expect(acknowledged).toMatchObject({ id: incidentId, status: 'acknowledged' });
    const resolved = await cli.run(['--token', admin, 'incidents', 'resolve', incidentId, '--note', 'tool misconfigured, fixed']);
    expect(resolved.stdout).toBe(`${incidentId}: resolved\n`);
    expect((await cli.run(['--token', admin, 'incidents', 'show', incidentId])).stdout).toContain('acknowledged: on it');
    const again = await api.post(path(`/incidents/${incidentId}/resolve`), admin, {});
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('incident_resolved');

    const incident = await api.get(path(`/incidents/${incidentId}`), admin);
    expect(incident.body.timeline.map((entry: { kind: string; summary: string }) => [entry.kind, entry.summary])).toEqual([
      ['opened', expect.stringContaining('Deny rate 100 %')],
      ['acknowledged', 'on it'],
      ['resolved', 'tool misconfigured, fixed'],
    ]);
    await eventually(async () =>
      (await api.events('Incident.Resolved')).some((event) => event.detail.incidentId === incidentId) ? true : undefined,
    );
    const audit = await api.get(path('/audit?kind=change'), admin);
    const actions = audit.body.items.map((record: { action: string }) => record.action);
    expect(actions).toEqual(expect.arrayContaining(['incident.opened', 'incident.acknowledged', 'incident.resolved']));
    expect((await api.get(path('/incidents?status=open'), admin)).body.items).toEqual([]);
  });

  it('refuses a malformed filter naming the field', async () => {
    const answer = await api.get(path('/anomalies?since=yesterday'), admin);
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body.error)).toContain('since');
    const status = await api.get(path('/incidents?status=closed'), admin);
    expect(status.status).toBe(400);
    expect(JSON.stringify(status.body.error)).toContain('status');
    const note = await api.post(path(`/incidents/${incidentId}/acknowledge`), admin, { note: 'x'.repeat(2001) });
    expect(note.status).toBe(400);
    expect(JSON.stringify(note.body.error)).toContain('note');
    expect((await api.get(path('/incidents/inc_00000000000000000000000000'), admin)).status).toBe(404);
    expect((await api.get(path('/incidents/not-an-incident'), admin)).status).toBe(400);
  });
});

describe('New actions', () => {
  let tenantId: string;
  let admin: string;
  let agent: { id: string; key: string };
  const path = (rest: string) => `/v1/tenants/${tenantId}${rest}`;
  /** Three hours ahead of real time: past the minutes the burst above used, so the clock only moves forward. */
  const firstMinute = Math.ceil((Date.now() + 3 * 3_600_000) / 60_000) * 60_000;
  const at = (minute: number, second = 5) => api.setClockOffset(firstMinute + minute * 60_000 + second * 1000 - Date.now());
  let sent = 0;

  /** The agent asks for each tool once in the current minute; waits until the rollups hold them. */
  async function minuteOf(tools: string[]) {
    const answers = await Promise.all(
      tools.map((tool) => api.request('POST', '/v1/authorize', { token: agent.key, body: { action: 'tool:invoke', tool } })),
    );
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    sent += tools.length;
    await eventually(async () => ((await api.get(path('/metrics?window=24h'), admin)).body.decisions === sent ? true : undefined));
  }

  beforeAll(async () => {
    const onboarded = await tenantWithAgent(api, 'new-actions', {
      rules: [{ id: 'tools', effect: 'allow', actions: ['tool:invoke'], tools: ['zendesk.*', 'crm.*'] }],
    });
    ({ tenantId, admin } = onboarded);
    agent = { id: onboarded.agentId, key: onboarded.apiKey };
    expect((await api.put(path('/monitoring'), admin, { learningMinutes: 3 })).status).toBe(200);
  });

  afterAll(async () => {
    await api.setClockOffset(0);
  });

  it('reports a tool the agent never used while it learned, once, naming it, in a low incident', async () => {
    for (let minute = 0; minute < 4; minute++) {
      await at(minute);
      await minuteOf(['zendesk.read', 'zendesk.search']);
    }
    await at(4);
    await minuteOf(['zendesk.read', 'crm.export']);
    await at(5);
    await minuteOf(['crm.export', 'zendesk.read']);
    await at(6, 30);

    const found = await anomaliesOnceListed(path('/anomalies?kind=new_action'), admin);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      kind: 'new_action',
      agentId: agent.id,
      observed: 1,
      baseline: 2,
      actions: [{ action: 'tool:invoke', tool: 'crm.export' }],
      window: { from: new Date(firstMinute + 4 * 60_000).toISOString() },
    });
    const incident = await api.get(path(`/incidents/${found[0].incidentId}`), admin);
    expect(incident.body).toMatchObject({ severity: 'low', agentId: agent.id, anomalies: [found[0].id] });
    expect((await api.get(path('/anomalies'), admin)).body.items).toHaveLength(1); // minute 5 used it again: known by then
  });
});
