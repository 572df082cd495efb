/**
 * Approvals and just-in-time access over HTTP on the local runtime, with the approval state
 * machine run by the local Step Functions from the same ASL file. The runtime's approval "minute"
 * lasts one second (test/support/test-runtime.ts), so timeouts happen within a test.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eventually, unique, wardenClient } from '../support/warden-client';

const api = wardenClient(inject('runtimeUrl'), inject('runtimeDataDir'));

const refund = { action: 'payments:refund', tool: 'stripe', resource: 'charges/1' };
const exportData = { action: 'data:export', resource: 'customers' };
const rotateKeys = { action: 'secrets:rotate', resource: 'prod/db' };

interface Setup {
  tenantId: string;
  admin: string;
  path: (rest: string) => string;
  agent: (name: string) => Promise<{ id: string; apiKey: string }>;
}

/** A tenant with team `support`, role `bot` and the approval policy published. */
async function tenantWithPolicy(prefix: string, approvalTimeoutMinutes = 240): Promise<Setup> {
  const platform = await api.token({ roles: ['platform-admin'] });
  const tenantId = unique(prefix);
  const onboarded = await api.post('/v1/tenants', platform, {
    id: tenantId,
    name: prefix,
    tier: 'business',
    environments: ['prod'],
    settings: { apiKeyTtlDays: 90, approvalTimeoutMinutes },
  });
  expect(onboarded.status).toBe(201);
  const admin = await api.token({ sub: 'root@corp', roles: ['tenant-admin'], tenant: tenantId });
  const path = (rest: string) => `/v1/tenants/${tenantId}${rest}`;
  await api.post(path('/teams'), admin, { name: 'support' });
  await api.put(path('/roles/bot'), admin, { description: 'bot' });
  const saved = await api.put(path('/policies/tenant'), admin, {
    reason: 'approvals',
    rules: [
      { id: 'refunds', effect: 'require_approval', actions: ['payments:refund'], risk: 'low', grantMinutes: 30 },
      { id: 'exports', effect: 'require_approval', actions: ['data:export'], risk: 'high' },
      { id: 'rotations', effect: 'require_approval', actions: ['secrets:rotate'], risk: 'critical' },
      { id: 'no-wipe', effect: 'deny', actions: ['data:wipe'], locked: true },
      { id: 'reads', effect: 'allow', actions: ['tickets:read'] },
    ],
  });
  expect(saved.status).toBe(201);
  expect((await api.post(path('/policies/tenant/versions/1/publish'), admin, { reason: 'go' })).status).toBe(200);
  const agent = async (name: string) => {
    const registered = await api.post(path('/agents'), admin, {
      name,
      team: 'support',
      role: 'bot',
      environment: 'prod',
      owner: 'owner@corp',
    });
    expect(registered.status).toBe(201);
    return { id: registered.body.agent.id as string, apiKey: registered.body.apiKey as string };
  };
  return { tenantId, admin, path, agent };
}

const authorize = (apiKey: string, body: unknown) => api.request('POST', '/v1/authorize', { token: apiKey, body });

/** The local execution of an approval (its name is the approval id). */
const executionOf = async (approvalId: string) =>
  ((await api.request('GET', '/_local/executions')).body.items as { name: string; status: string }[]).find(
    (execution) => execution.name === approvalId,
  );

const eventsFor = async (detailType: string, approvalId: string) =>
  (await api.events(detailType)).filter((event) => event.detail.approvalId === approvalId);

describe('Approvals', () => {
  let t: Setup;
  let bot: { id: string; apiKey: string };
  const tokens = {} as Record<'lead' | 'otherLead' | 'security' | 'adminA' | 'adminB' | 'owner' | 'auditor', string>;

  beforeAll(async () => {
    t = await tenantWithPolicy('approvals');
    bot = await t.agent('payer');
    const tenant = t.tenantId;
    tokens.lead = await api.token({ sub: 'lead@corp', roles: ['team-lead'], tenant, teams: ['support'] });
    tokens.otherLead = await api.token({ sub: 'other-lead@corp', roles: ['team-lead'], tenant, teams: ['billing'] });
    tokens.security = await api.token({ sub: 'sec@corp', roles: ['security'], tenant });
    tokens.adminA = await api.token({ sub: 'admin-a@corp', roles: ['tenant-admin'], tenant });
    tokens.adminB = await api.token({ sub: 'admin-b@corp', roles: ['tenant-admin'], tenant });
    tokens.owner = await api.token({ sub: 'owner@corp', roles: ['tenant-admin'], tenant });
    tokens.auditor = await api.token({ sub: 'auditor@corp', roles: ['auditor'], tenant });
  });

  afterAll(async () => {
    await api.setClockOffset(0);
  });

  it('low risk: a team lead approves, the same request is then allowed with its grant, and needs approval again once the grant expires', async () => {
    const first = await authorize(bot.apiKey, refund);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ effect: 'require_approval', rule: { id: 'refunds' }, approvalId: expect.stringMatching(/^apr_/) });
    const approvalId = first.body.approvalId as string;
    expect((await authorize(bot.apiKey, refund)).body.approvalId).toBe(approvalId); // a second ask joins the open approval

    const pendingForLead = await api.get(t.path('/approvals?status=pending'), tokens.lead);
    expect(pendingForLead.status).toBe(200);
    expect(pendingForLead.body.items).toContainEqual(
      expect.objectContaining({ id: approvalId, awaiting: 'team-lead', risk: 'low', request: refund, grantMinutes: 30 }),
    );
    expect(
      (await api.get(t.path('/approvals?status=pending'), tokens.otherLead)).body.items.map((a: { id: string }) => a.id),
    ).not.toContain(approvalId);
    expect((await api.post(t.path(`/approvals/${approvalId}/approve`), tokens.otherLead, {})).status).toBe(403);

    const approved = await api.post(t.path(`/approvals/${approvalId}/approve`), tokens.lead, {
      comment: 'refund agreed with the customer',
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', decidedBy: 'lead@corp', grant: { id: expect.stringMatching(/^gnt_/) } });
    const grant = approved.body.grant as { id: string; expiresAt: string };
    expect(Date.parse(grant.expiresAt) - Date.parse(approved.body.decidedAt)).toBe(30 * 60_000);
    expect((await api.post(t.path(`/approvals/${approvalId}/approve`), tokens.lead, {})).status).toBe(409);

    const allowed = await authorize(bot.apiKey, refund);
    expect(allowed.body).toMatchObject({ effect: 'allow', grantId: grant.id });
    expect(allowed.body.rule).toBeUndefined(); // POLICY.md: the grant decided, not a rule
    expect((await authorize(bot.apiKey, { ...refund, resource: 'charges/2' })).body.effect).toBe('require_approval'); // a grant covers exactly its request
    expect((await api.get(t.path('/grants'), tokens.security)).body.items).toContainEqual(
      expect.objectContaining({ id: grant.id, agentId: bot.id, approvalId, ...refund }),
    );

    await eventually(async () => ((await eventsFor('Grant.Issued', approvalId)).length === 1 ? true : undefined));
    expect((await eventsFor('Approval.Requested', approvalId))[0]?.detail).toMatchObject({
      awaiting: 'team-lead',
      risk: 'low',
      origin: 'decision',
    });
    expect((await eventsFor('Approval.Decided', approvalId))[0]?.detail).toMatchObject({ outcome: 'approved', actor: 'lead@corp' });
    await eventually(async () => ((await executionOf(approvalId))?.status === 'SUCCEEDED' ? true : undefined));

    await api.setClockOffset(31 * 60_000);
    try {
      const later = await authorize(bot.apiKey, refund);
      expect(later.body).toMatchObject({ effect: 'require_approval' });
      expect(later.body.approvalId).not.toBe(approvalId);
      expect((await api.get(t.path('/grants'), tokens.security)).body.items.map((g: { id: string }) => g.id)).not.toContain(grant.id);
    } finally {
      await api.setClockOffset(0);
    }
  });

  it('high risk: a team lead gets 403 and security approves', async () => {
    const asked = await authorize(bot.apiKey, exportData);
    const approvalId = asked.body.approvalId as string;
    expect((await api.get(t.path(`/approvals/${approvalId}`), tokens.lead)).body).toMatchObject({
      awaiting: 'security',
      status: 'pending',
    });
    expect((await api.get(t.path('/approvals?status=pending'), tokens.lead)).body.items.map((a: { id: string }) => a.id)).not.toContain(
      approvalId,
    );
    const byLead = await api.post(t.path(`/approvals/${approvalId}/approve`), tokens.lead, {});
    expect(byLead.status).toBe(403);
    expect(byLead.body.error.code).toBe('beyond_authority');
    const bySecurity = await api.post(t.path(`/approvals/${approvalId}/approve`), tokens.security, { comment: 'ok' });
    expect(bySecurity.body).toMatchObject({ status: 'approved', decidedBy: 'sec@corp' });
    expect((await authorize(bot.apiKey, exportData)).body).toMatchObject({ effect: 'allow', grantId: bySecurity.body.grant.id });
  });

  it('critical: needs two different approvers; the same person twice is refused', async () => {
    const approvalId = (await authorize(bot.apiKey, rotateKeys)).body.approvalId as string;
    const first = await api.post(t.path(`/approvals/${approvalId}/approve`), tokens.adminA, { comment: 'first' });
    expect(first.body).toMatchObject({
      status: 'pending',
      approvals: [expect.objectContaining({ by: 'admin-a@corp' })],
      awaiting: 'tenant-admin',
    });
    expect((await authorize(bot.apiKey, rotateKeys)).body.effect).toBe('require_approval');
    const again = await api.post(t.path(`/approvals/${approvalId}/approve`), tokens.adminA, {});
    expect(again.status).toBe(403);
    expect(again.body.error.code).toBe('second_approver_must_differ');
    expect((await api.post(t.path(`/approvals/${approvalId}/approve`), tokens.security, {})).body.error.code).toBe('beyond_authority');
    const second = await api.post(t.path(`/approvals/${approvalId}/approve`), tokens.adminB, {});
    expect(second.body).toMatchObject({
      status: 'approved',
      approvals: [expect.objectContaining({ by: 'admin-a@corp' }), expect.objectContaining({ by: 'admin-b@corp' })],
    });
    expect((await authorize(bot.apiKey, rotateKeys)).body.effect).toBe('allow');
  });

  it('refuses the owner of the agent, and lets an approver reject', async () => {
    const approvalId = (await authorize(bot.apiKey, { ...refund, resource: 'charges/owner' })).body.approvalId as string;
    const byOwner = await api.post(t.path(`/approvals/${approvalId}/approve`), tokens.owner, {});
    expect(byOwner.status).toBe(403);
    expect(byOwner.body.error.code).toBe('owner_cannot_approve');
    expect((await api.get(t.path('/approvals?status=pending'), tokens.owner)).body.items.map((a: { id: string }) => a.id)).not.toContain(
      approvalId,
    );
    const rejected = await api.post(t.path(`/approvals/${approvalId}/reject`), tokens.lead, { comment: 'not this one' });
    expect(rejected.body).toMatchObject({ status: 'rejected', comment: 'not this one' });
    expect((await api.get(t.path('/approvals?status=rejected'), tokens.auditor)).body.items.map((a: { id: string }) => a.id)).toContain(
      approvalId,
    );
    const askedAgain = await authorize(bot.apiKey, { ...refund, resource: 'charges/owner' });
    expect(askedAgain.body.effect).toBe('require_approval');
    expect(askedAgain.body.approvalId).not.toBe(approvalId);
    await eventually(async () => ((await executionOf(approvalId))?.status === 'SUCCEEDED' ? true : undefined));
  });

  it('answers access requests: not_required, denied with the rule, or an approval whose grant lasts the shorter time', async () => {
    const ask = (body: unknown) => api.request('POST', '/v1/access-requests', { token: bot.apiKey, body });
    expect((await ask({ action: 'tickets:read', minutes: 15, justification: 'triage' })).body).toMatchObject({ status: 'not_required' });
    expect((await ask({ action: 'data:wipe', minutes: 15, justification: 'cleanup' })).body).toMatchObject({
      status: 'denied',
      rule: { id: 'no-wipe' },
    });
    const asked = await ask({ ...refund, resource: 'charges/ahead', minutes: 10, justification: 'weekend refunds' });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({
      id: expect.stringMatching(/^acr_/),
      status: 'pending',
      approvalId: expect.stringMatching(/^apr_/),
      grantMinutes: 10,
    });
    const approval = await api.get(t.path(`/approvals/${asked.body.approvalId}`), tokens.lead);
    expect(approval.body.origin).toEqual({ type: 'access_request', accessRequestId: asked.body.id, justification: 'weekend refunds' });
    await api.post(t.path(`/approvals/${asked.body.approvalId}/approve`), tokens.lead, {});
    const state = await api.get(`/v1/access-requests/${asked.body.id}`, bot.apiKey);
    expect(state.body).toMatchObject({ status: 'approved', grant: { id: expect.stringMatching(/^gnt_/) } });
    expect((await authorize(bot.apiKey, { ...refund, resource: 'charges/ahead' })).body).toMatchObject({
      effect: 'allow',
      grantId: state.body.grant.id,
    });
    const invalid = await ask({ action: 'payments:refund', minutes: 0, justification: '' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['justification', 'minutes']);
  });

  it('revokes a grant at once', async () => {
    const request = { ...refund, resource: 'charges/revoke' };
    const approvalId = (await authorize(bot.apiKey, request)).body.approvalId as string;
    const grantId = (await api.post(t.path(`/approvals/${approvalId}/approve`), tokens.lead, {})).body.grant.id as string;
    expect((await authorize(bot.apiKey, request)).body.effect).toBe('allow');
    expect((await api.request('DELETE', t.path(`/grants/${grantId}`), { token: tokens.lead })).status).toBe(403);
    expect((await api.request('DELETE', t.path(`/grants/${grantId}`), { token: tokens.security })).status).toBe(204);
    expect((await authorize(bot.apiKey, request)).body.effect).toBe('require_approval');
    expect((await api.request('DELETE', t.path(`/grants/${grantId}`), { token: tokens.security })).status).toBe(404);
  });

  it('decommissioning an agent cancels its pending approvals, stops their workflows and revokes its grants', async () => {
    const leaving = await t.agent('leaving');
    const pendingId = (await authorize(leaving.apiKey, exportData)).body.approvalId as string;
    const grantedId = (await authorize(leaving.apiKey, refund)).body.approvalId as string;
    const grantId = (await api.post(t.path(`/approvals/${grantedId}/approve`), tokens.lead, {})).body.grant.id as string;
    await eventually(async () => ((await executionOf(pendingId))?.status === 'RUNNING' ? true : undefined));
    expect((await api.post(t.path(`/agents/${leaving.id}/decommission`), t.admin, { reason: 'retired' })).status).toBe(200);
    const cancelled = await eventually(async () => {
      const approval = (await api.get(t.path(`/approvals/${pendingId}`), tokens.security)).body;
      return approval.status === 'cancelled' ? approval : undefined;
    });
    expect(cancelled.comment).toBe('agent decommissioned');
    await eventually(async () => ((await executionOf(pendingId))?.status === 'ABORTED' ? true : undefined));
    await eventually(async () =>
      !(await api.get(t.path('/grants'), tokens.security)).body.items.some((g: { id: string }) => g.id === grantId) ? true : undefined,
    );
    const event = await eventually(async () => (await eventsFor('Approval.Cancelled', pendingId))[0]);
    expect(event.detail).toMatchObject({ because: 'agent decommissioned' });
  });

  it('pages the approvals list with cursors that only this tenant and query accept', async () => {
    const opened: string[] = [];
    for (const n of [1, 2, 3])
      opened.push((await authorize(bot.apiKey, { ...refund, resource: `charges/paged-${n}` })).body.approvalId as string);
    const seen: string[] = [];
    let cursor: string | undefined;
    let firstCursor: string | undefined;
    do {
      const page = await api.get(
        t.path(`/approvals?status=pending&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
        tokens.security,
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.body.items.map((a: { id: string }) => a.id));
      cursor = page.body.nextCursor;
      firstCursor ??= cursor;
    } while (cursor);
    expect(seen).toEqual(expect.arrayContaining(opened));
    expect(new Set(seen).size).toBe(seen.length);
    const other = await tenantWithPolicy('approvals-cursor');
    const elsewhere = await api.get(other.path(`/approvals?status=pending&cursor=${encodeURIComponent(firstCursor!)}`), other.admin);
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error.code).toBe('invalid_cursor');
    const otherStatus = await api.get(t.path(`/approvals?status=approved&cursor=${encodeURIComponent(firstCursor!)}`), tokens.security);
    expect(otherStatus.status).toBe(400);
  });

  it("keeps one tenant's approvals, grants and access requests from another", async () => {
    const other = await tenantWithPolicy('approvals-other');
    const otherBot = await other.agent('nosy');
    const approvalId = (await authorize(bot.apiKey, { ...refund, resource: 'charges/secret' })).body.approvalId as string;
    const otherAdmin = other.admin;
    expect((await api.get(t.path(`/approvals/${approvalId}`), otherAdmin)).status).toBe(403);
    expect((await api.post(t.path(`/approvals/${approvalId}/approve`), otherAdmin, {})).status).toBe(403);
    const onOwnPath = await api.post(other.path(`/approvals/${approvalId}/approve`), otherAdmin, {});
    expect(onOwnPath.status).toBe(404);
    expect(JSON.stringify(onOwnPath.body)).not.toContain('charges/secret');
    expect((await api.get(other.path(`/approvals/${approvalId}`), otherAdmin)).status).toBe(404);
    expect((await api.get(other.path('/approvals?status=pending'), otherAdmin)).body.items.map((a: { id: string }) => a.id)).not.toContain(
      approvalId,
    );
    const asked = await api.request('POST', '/v1/access-requests', {
      token: bot.apiKey,
      body: { ...refund, resource: 'charges/mine', minutes: 5, justification: 'x' },
    });
    expect((await api.get(`/v1/access-requests/${asked.body.id}`, otherBot.apiKey)).status).toBe(404);
  });
});

describe('Approval timeouts', () => {
  it('escalates once after the timeout, expires after the second, and leaves nothing running', async () => {
    const t = await tenantWithPolicy('approvals-timeout', 2);
    const bot = await t.agent('slow');
    const approvalId = (await authorize(bot.apiKey, refund)).body.approvalId as string;
    const escalated = await eventually(async () => (await eventsFor('Approval.Escalated', approvalId))[0], { timeoutMs: 15_000 });
    expect(escalated.detail).toMatchObject({ from: 'team-lead', to: 'security' });
    const expired = await eventually(
      async () => {
        const approval = (await api.get(t.path(`/approvals/${approvalId}`), t.admin)).body;
        return approval.status === 'expired' ? approval : undefined;
      },
      { timeoutMs: 15_000 },
    );
    expect(expired).toMatchObject({ escalated: true, status: 'expired' });
    await eventually(async () => ((await eventsFor('Approval.Expired', approvalId)).length === 1 ? true : undefined));
    await eventually(async () => ((await executionOf(approvalId))?.status === 'SUCCEEDED' ? true : undefined));
    expect((await api.post(t.path(`/approvals/${approvalId}/approve`), t.admin, {})).status).toBe(409);
    expect((await authorize(bot.apiKey, refund)).body.approvalId).not.toBe(approvalId);
  });
});
