/**
 * The decision path over HTTP: answers that match the published policies, each recorded in the
 * audit log before it is returned and announced as Decision.Made; batches in order; idempotent
 * retries; policy changes seen by the next decision.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { eventually, unique, wardenClient } from '../support/warden-client';

const api = wardenClient(inject('runtimeUrl'), inject('runtimeDataDir'));

const readTickets = { action: 'tool:invoke', tool: 'zendesk.read', resource: 'tickets/1' };
const pay = { action: 'payments:pay', tool: 'stripe', resource: 'invoices/7', context: { amount: 120 } };
const deleteData = { action: 'data:delete', resource: 'customers/9' };

describe('Decisions', () => {
  let tenantId: string;
  let admin: string;
  let agentId: string;
  let apiKey: string;
  const path = (rest: string) => `/v1/tenants/${tenantId}${rest}`;
  const authorize = (body: unknown, headers: Record<string, string> = {}) =>
    api.request('POST', '/v1/authorize', { token: apiKey, body, headers });

  beforeAll(async () => {
    const platform = await api.token({ roles: ['platform-admin'] });
    tenantId = unique('decide');
    expect(
      (
        await api.post('/v1/tenants', platform, {
          id: tenantId,
          name: 'Decide',
          tier: 'business',
          environments: ['dev', 'prod'],
          retentionDays: 30,
        })
      ).status,
    ).toBe(201);
    admin = await api.token({ roles: ['tenant-admin'], tenant: tenantId });
    await api.post(path('/teams'), admin, { name: 'support' });
    await api.put(path('/roles/bot'), admin, { description: 'bot' });
    const registered = await api.post(path('/agents'), admin, {
      name: 'triage',
      team: 'support',
      role: 'bot',
      environment: 'prod',
      owner: 'o',
    });
    ({ id: agentId } = registered.body.agent);
    apiKey = registered.body.apiKey;
    const saved = await api.put(path('/policies/tenant'), admin, {
      reason: 'baseline',
      defaults: { prod: 'deny' },
      rules: [
        { id: 'read-tickets', effect: 'allow', actions: ['tool:invoke'], tools: ['zendesk.read'] },
        {
          id: 'big-payments',
          effect: 'require_approval',
          actions: ['payments:*'],
          when: 'request.context.amount > 100',
          risk: 'high',
          grantMinutes: 30,
        },
        { id: 'never-delete', effect: 'deny', actions: ['data:delete'], locked: true, message: 'Deleting data is not allowed' },
      ],
    });
    expect(saved.status).toBe(201);
    expect((await api.post(path('/policies/tenant/versions/1/publish'), admin, { reason: 'go' })).status).toBe(200);
  });

  it('answers allow, deny and require_approval as the published policy says, naming the rule', async () => {
    const allowed = await authorize(readTickets);
    expect(allowed.status).toBe(200);
    expect(allowed.body).toMatchObject({
      effect: 'allow',
      rule: { id: 'read-tickets', scope: 'tenant', version: 1 },
      decisionId: expect.stringMatching(/^dec_/),
      policyEpoch: expect.any(Number),
    });
    expect((await authorize(deleteData)).body).toMatchObject({ effect: 'deny', rule: { id: 'never-delete' } });
    expect((await authorize(pay)).body).toMatchObject({ effect: 'require_approval', rule: { id: 'big-payments' }, risk: 'high' });
    expect((await authorize({ ...pay, context: { amount: 5 } })).body).toMatchObject({
      effect: 'deny',
      reason: expect.stringContaining('default'),
    });
  });

  it('records every decision in the audit log before answering, and announces it', async () => {
    const answers = [await authorize(readTickets), await authorize(deleteData)];
    const ids = answers.map((answer) => answer.body.decisionId as string);
    const audit = await api.get(path(`/audit?agentId=${agentId}&kind=decision&limit=50`), admin);
    expect(audit.status).toBe(200);
    const records = audit.body.items.filter((item: { id: string }) => ids.includes(item.id));
    expect(records).toHaveLength(2);
    expect(records.find((record: { id: string }) => record.id === ids[1])).toMatchObject({
      kind: 'decision',
      tenantId,
      effect: 'deny',
      agent: { id: agentId, team: 'support', role: 'bot', environment: 'prod' },
      request: deleteData,
      rule: { id: 'never-delete', scope: 'tenant', version: 1 },
      versions: expect.arrayContaining([{ scope: 'tenant', version: 1 }]),
      latencyMs: expect.any(Number),
    });
    const denied = await api.get(path(`/audit?effect=deny&limit=100`), admin);
    expect(denied.body.items.every((item: { effect: string }) => item.effect === 'deny')).toBe(true);
    expect(denied.body.items.map((item: { id: string }) => item.id)).toContain(ids[1]);
    const events = await eventually(async () => {
      const made = (await api.events('Decision.Made')).filter((event) => ids.includes(event.detail.decisionId));
      return made.length === 2 ? made : undefined;
    });
    expect(events.map((event) => event.detail.effect).sort()).toEqual(['allow', 'deny']);
  });

  it('answers a batch in order, recording every request', async () => {
    const batch = await api.request('POST', '/v1/authorize/batch', { token: apiKey, body: { requests: [readTickets, deleteData, pay] } });
    expect(batch.status).toBe(200);
    expect(batch.body.results.map((result: { effect: string }) => result.effect)).toEqual(['allow', 'deny', 'require_approval']);
    const audit = await api.get(path(`/audit?agentId=${agentId}&limit=200`), admin);
    const ids = batch.body.results.map((result: { decisionId: string }) => result.decisionId);
    const recorded = audit.body.items.filter((item: { id: string }) => ids.includes(item.id));
    expect(recorded).toHaveLength(3);
    expect(new Set(recorded.map((record: { batchId: string }) => record.batchId)).size).toBe(1);
  });

  it('returns the same answer to a retry with the same Idempotency-Key, recording it once', async () => {
    const key = unique('retry');
    const first = await authorize(readTickets, { 'idempotency-key': key });
    const again = await authorize(readTickets, { 'idempotency-key': key });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const other = await authorize(readTickets, { 'idempotency-key': `${key}-2` });
    expect(other.body.decisionId).not.toBe(first.body.decisionId);
    const audit = await api.get(path(`/audit?agentId=${agentId}&limit=500`), admin);
    expect(audit.body.items.filter((item: { idempotencyKey?: string }) => item.idempotencyKey === key)).toHaveLength(1);
  });

  it('replays recent audited requests against a draft: counts of old → new effect, with examples, recording nothing', async () => {
    const allowed = await authorize(readTickets);
    const draft = await api.put(path('/policies/tenant'), admin, {
      reason: 'stop reads',
      defaults: { prod: 'deny' },
      rules: [{ id: 'never-delete', effect: 'deny', actions: ['data:delete'], locked: true }],
    });
    expect(draft.status).toBe(201);
    const before = (await api.get(path(`/audit?kind=decision&limit=1000`), admin)).body.items.length;
    const impact = await api.post(path(`/policies/tenant/versions/${draft.body.version}/impact`), admin, { sinceHours: 1 });
    expect(impact.status).toBe(200);
    const toDeny = impact.body.transitions.find((entry: { from: string; to: string }) => entry.from === 'allow' && entry.to === 'deny');
    expect(toDeny.count).toBeGreaterThanOrEqual(1);
    expect(toDeny.examples.map((example: { decisionId: string }) => example.decisionId)).toContain(allowed.body.decisionId);
    expect(
      impact.body.transitions.find((entry: { from: string; to: string }) => entry.from === 'deny' && entry.to === 'deny')?.count,
    ).toBeGreaterThanOrEqual(1);
    expect(impact.body.replayed).toBe(before);
    expect((await api.get(path(`/audit?kind=decision&limit=1000`), admin)).body.items.length).toBe(before);
  });

  it('decides under a newly published version at once (staleness 0 in tests)', async () => {
    expect(
      (
        await api.put(path('/policies/team:support'), admin, {
          reason: 'no reads',
          rules: [{ id: 'team-no-read', effect: 'deny', actions: ['tool:invoke'] }],
        })
      ).status,
    ).toBe(201);
    expect((await api.post(path('/policies/team:support/versions/1/publish'), admin, { reason: 'go' })).status).toBe(200);
    expect((await authorize(readTickets)).body).toMatchObject({ effect: 'deny', rule: { id: 'team-no-read', scope: 'team:support' } });
  });

  it('refuses a suspended agent with 403 agent_suspended, and audits the attempt', async () => {
    const other = await api.post(path('/agents'), admin, { name: 'other', team: 'support', role: 'bot', environment: 'prod', owner: 'o' });
    await api.post(path(`/agents/${other.body.agent.id}/suspend`), admin, {});
    const refused = await api.request('POST', '/v1/authorize', { token: other.body.apiKey, body: readTickets });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('agent_suspended');
    const audit = await api.get(path(`/audit?agentId=${other.body.agent.id}&kind=decision`), admin);
    expect(audit.body.items).toEqual([expect.objectContaining({ effect: 'deny', refusal: 'agent_suspended', request: readTickets })]);
  });

  it('refuses a cursor of another query or a tampered one with 400', async () => {
    const page = await api.get(path('/audit?limit=1'), admin);
    expect(page.body.nextCursor).toEqual(expect.any(String));
    expect((await api.get(path(`/audit?limit=1&effect=deny&cursor=${encodeURIComponent(page.body.nextCursor)}`), admin)).status).toBe(400);
    expect((await api.get(path(`/audit?limit=1&cursor=${encodeURIComponent(`${page.body.nextCursor}x`)}`), admin)).status).toBe(400);
    expect((await api.get(path(`/audit?limit=1&cursor=${encodeURIComponent(page.body.nextCursor)}`), admin)).status).toBe(200);
  });
});
