/**
 * Governance maturity over the local runtime: a tenant built step by step through the API climbs
 * the levels as each criterion becomes true — registered agents and a published policy that denies
 * by default in prod (2), tests, a guardrail and quotas (3), approvals answered, alerts routed and
 * playbooks enforcing (4), then a week later a falling deny rate (5). The hourly schedule keeps a
 * snapshot per week, so the history shows the climb; the report renders it for an executive; the
 * platform sees every tenant's level.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eventually, registerAgent, unique, wardenClient } from '../support/warden-client';

const api = wardenClient(inject('runtimeUrl'), inject('runtimeDataDir'));
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const isSnapshotJob = (schedule: unknown) => (schedule as { id: string }).id === 'maturity-snapshot';

interface Judged {
  id: string;
  level: number;
  met: boolean;
  evidence: Record<string, unknown>;
}

describe('Governance maturity', () => {
  // The weekly job assesses at most 200 tenants a run, in id order: a leading digit puts this one in the first run.
  const tenantId = unique('0mat');
  let platform: string;
  let admin: string;
  let agent: { id: string; apiKey: string };
  const path = (rest: string) => `/v1/tenants/${tenantId}${rest}`;
  const maturity = async (query = '') => {
    const read = await api.get(path(`/maturity${query}`), admin);
    expect(read.status).toBe(200);
    return read.body as { level: number; name: string; score: number; criteria: Judged[]; nextSteps: { id: string; level: number }[] };
  };
  const criterion = (criteria: Judged[], id: string) => criteria.find((judged) => judged.id === id)!;
  const decide = (action: string) => api.request('POST', '/v1/authorize', { token: agent.apiKey, body: { action } });
  /** The assessment once it reaches `level` (the rollups, runs and approvals it reads land a moment after the requests). */
  const atLevel = (level: number) =>
    eventually(
      async () => {
        const assessed = await maturity();
        return assessed.level >= level ? assessed : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );

  beforeAll(async () => {
    platform = await api.token({ roles: ['platform-admin'] });
    const onboarded = await api.post('/v1/tenants', platform, {
      id: tenantId,
      name: 'Maturity Co',
      tier: 'business',
      environments: ['prod'],
    });
    expect(onboarded.status).toBe(201);
    admin = await api.token({ roles: ['tenant-admin'], tenant: tenantId });
  });

  afterAll(async () => {
    await api.setClockOffset(0);
  });

  it('starts ad hoc: nothing registered, nothing published, and says what to do first', async () => {
    const assessed = await maturity();
    expect(assessed).toMatchObject({ level: 1, name: 'ad hoc' });
    expect(criterion(assessed.criteria, 'agents-inventoried')).toMatchObject({ met: false, evidence: { activeAgents: 0 } });
    expect(criterion(assessed.criteria, 'tenant-policy')).toMatchObject({ met: false, evidence: { activeVersion: null } });
    expect(assessed.nextSteps[0]).toMatchObject({ level: 2 });
    expect(assessed.nextSteps.map((step) => step.level)).toEqual([...assessed.nextSteps.map((step) => step.level)].sort());
  });

  it('is foundational once agents are registered with owners and a tenant policy that denies by default in prod is published', async () => {
    expect((await api.post(path('/teams'), admin, { name: 'ops' })).status).toBe(201);
    expect((await api.put(path('/roles/bot'), admin, { description: 'bot' })).status).toBeLessThan(300);
    agent = await registerAgent(api, tenantId, admin, { quotas: { decisionsPerDay: 8 } });
    const saved = await api.put(path('/policies/tenant'), admin, {
      reason: 'first policy',
      defaults: { prod: 'deny' },
      rules: [
        { id: 'read-tickets', effect: 'allow', actions: ['tickets:read'] },
        { id: 'no-export', effect: 'deny', actions: ['data:export'], locked: true, risk: 'high' },
        { id: 'refunds', effect: 'require_approval', actions: ['payments:refund'], grantMinutes: 30 },
      ],
    });
    expect(saved.status).toBe(201);
    expect((await api.post(path(`/policies/tenant/versions/${saved.body.version}/publish`), admin, { reason: 'go' })).status).toBe(200);

    const assessed = await maturity();
    expect(assessed).toMatchObject({ level: 2, name: 'foundational' });
    expect(criterion(assessed.criteria, 'prod-default-deny')).toMatchObject({
      met: true,
      evidence: { prodDefault: 'deny', from: 'tenant' },
    });
    expect(criterion(assessed.criteria, 'test-library')).toMatchObject({ met: false, evidence: { scenarios: 0 } });
    expect(assessed.nextSteps[0]).toMatchObject({ level: 3 });
  });

  it('is managed once tests gate publishing and quotas are set for the tenant and every team', async () => {
    const scenario = (name: string, action: string, expected: string) => ({
      name,
      agent: { team: 'ops', role: 'bot', environment: 'prod' },
      request: { action },
      expect: expected,
    });
    const tests = await api.put(path('/policy-tests'), admin, {
      scenarios: [
        scenario('bots read tickets', 'tickets:read', 'allow'),
        scenario('nobody exports', 'data:export', 'deny'),
        scenario('refunds need a person', 'payments:refund', 'require_approval'),
        scenario('unknown actions are denied in prod', 'vault:open', 'deny'),
        scenario('deleting tickets is denied', 'tickets:delete', 'deny'),
      ],
    });
    expect(tests.status).toBe(200);
    let assessed = await maturity();
    expect(assessed.level).toBe(2);
    expect(criterion(assessed.criteria, 'quotas-everywhere')).toMatchObject({
      met: false,
      evidence: { tenantQuota: false, teams: 1, teamsWithQuotas: 0 },
    });

    expect((await api.patch(`/v1/tenants/${tenantId}`, platform, { quotas: { decisionsPerDay: 100_000 } })).status).toBe(200);
    expect((await api.patch(path('/teams/ops'), admin, { quotas: { decisionsPerDay: 50_000 } })).status).toBe(200);
    assessed = await maturity();
    expect(assessed).toMatchObject({ level: 3, name: 'managed' });
    expect(criterion(assessed.criteria, 'scopes-tested')).toMatchObject({ met: true, evidence: { testedScopes: 1, activeScopes: 1 } });
    expect(criterion(assessed.criteria, 'approvals-in-use')).toMatchObject({
      met: false,
      evidence: { approvalRules: 1, decidedLast30Days: 0 },
    });
  });

  // A run another file's clock jump started (up to 200 tenants, slow on a loaded machine) must end before this one begins.
  it("keeps the week's snapshot from the hourly schedule", async () => {
    await api.setClockOffset(HOUR + 60_000);
    const history = await eventually(
      async () => {
        const points = ((await maturity('?history=true')) as unknown as { history: { level: number; week: string }[] }).history;
        return points.length > 0 ? points : undefined;
      },
      { timeoutMs: 180_000, intervalMs: 500, explain: async () => (await api.schedules()).filter(isSnapshotJob) },
    );
    expect(history).toEqual([expect.objectContaining({ level: 3, name: 'managed', week: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) })]);
    expect(new Date(`${history[0]!.week}T00:00:00Z`).getUTCDay()).toBe(1);
  }, 240_000);

  it('is automated once approvals are answered, alerts reach a channel and playbooks enforce', async () => {
    expect(
      (
        await api.put(path('/playbooks/quota-watch'), admin, {
          trigger: { event: 'Quota.Threshold', match: { scope: 'agent' } },
          steps: [{ type: 'notify' }],
          mode: 'dry_run',
        })
      ).status,
    ).toBe(201);
    // A day of work: reads, refused exports, and a refund a person approves; 8 of the agent's 8 a day pass its quota's thresholds.
    for (const action of ['tickets:read', 'tickets:read', 'data:export', 'tickets:read', 'data:export', 'tickets:read', 'tickets:read'])
      expect((await decide(action)).status).toBe(200);
    const refund = await decide('payments:refund');
    expect(refund.body).toMatchObject({ effect: 'require_approval', approvalId: expect.any(String) });
    // The admin named the agent's owner, so separation of duties leaves the decision to the team's lead.
    const lead = await api.token({ roles: ['team-lead'], tenant: tenantId, teams: ['ops'], sub: 'lead@test' });
    expect((await api.post(path(`/approvals/${refund.body.approvalId}/approve`), lead, { comment: 'fine' })).status).toBe(200);
    expect(
      (await api.put(path('/channels/alerts'), admin, { kind: 'webhook', url: 'http://127.0.0.1:9/alerts', events: ['Incident.Opened'] }))
        .status,
    ).toBe(201);
    expect((await api.post(path('/playbooks/defaults'), admin, {})).status).toBeLessThan(300);

    const assessed = await atLevel(4);
    expect(assessed).toMatchObject({ level: 4, name: 'automated' });
    expect(criterion(assessed.criteria, 'approvals-in-use')).toMatchObject({ met: true, evidence: { decidedLast30Days: 1 } });
    expect(criterion(assessed.criteria, 'alerts-routed')).toMatchObject({ met: true, evidence: { alertChannels: 1 } });
    expect(criterion(assessed.criteria, 'deny-rate-falling')).toMatchObject({ met: false, evidence: { denyRateLastWeek: null } });
  });

  it('is optimised a week later, when playbooks have run, approvals come quickly and the deny rate fell', async () => {
    await eventually(
      async () => {
        const judged = criterion((await maturity()).criteria, 'playbooks-exercised');
        return judged.met ? judged : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    await api.setClockOffset(7 * DAY + HOUR + 120_000);
    for (let index = 0; index < 4; index += 1) expect((await decide('tickets:read')).body.effect).toBe('allow');

    const assessed = await atLevel(5);
    expect(assessed).toMatchObject({ level: 5, name: 'optimised', score: 100, nextSteps: [] });
    expect(criterion(assessed.criteria, 'deny-rate-falling').evidence).toEqual({ denyRateThisWeek: 0, denyRateLastWeek: 0.25 });
    expect(criterion(assessed.criteria, 'approvals-timely')).toMatchObject({ met: true, evidence: { decidedLast30Days: 1 } });
  });

  it('shows the climb week by week, renders the report an executive reads, and lists the tenant for the platform', async () => {
    const history = await eventually(
      async () => {
        const points = ((await maturity('?history=true')) as unknown as { history: { level: number; week: string }[] }).history;
        return points.length >= 2 ? points : undefined;
      },
      { timeoutMs: 180_000, intervalMs: 500, explain: async () => (await api.schedules()).filter(isSnapshotJob) },
    );
    expect(history).toHaveLength(2);
    expect(history[0]!.level).toBe(3);
    expect(history[1]!.level).toBeGreaterThanOrEqual(4);
    expect(Date.parse(history[1]!.week) - Date.parse(history[0]!.week)).toBe(7 * DAY);

    const markdown = await api.get(path('/maturity/report?format=markdown'), admin);
    expect(markdown.status).toBe(200);
    expect(markdown.headers.get('content-type')).toContain('text/markdown');
    expect(markdown.body).toContain('# Governance maturity: Maturity Co');
    expect(markdown.body).toContain('Level 5 of 5 (optimised), score 100 of 100');
    expect(markdown.body).toContain(`| ${history[0]!.week} | 3 (managed) |`);
    const html = await api.get(path('/maturity/report'), admin);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(html.body).toContain('<h1>Governance maturity: Maturity Co</h1>');

    const listed = await api.get('/v1/maturity?limit=1000', platform);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toContainEqual(expect.objectContaining({ tenantId, week: history[1]!.week, level: history[1]!.level }));
  }, 240_000);

  it('refuses callers without the permission and bad queries, naming the field', async () => {
    const lead = await api.token({ roles: ['team-lead'], tenant: tenantId, teams: ['ops'] });
    expect((await api.get(path('/maturity'), lead)).status).toBe(403);
    expect((await api.get('/v1/maturity', admin)).status).toBe(403);
    const badFormat = await api.get(path('/maturity/report?format=pdf'), admin);
    expect(badFormat.status).toBe(400);
    expect(JSON.stringify(badFormat.body.error)).toContain('format');
    const badHistory = await api.get(path('/maturity?history=maybe'), admin);
    expect(badHistory.status).toBe(400);
    expect(JSON.stringify(badHistory.body.error)).toContain('history');
  });
});
