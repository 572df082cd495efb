/**
 * Remediation playbooks over the local runtime: a tenant saves playbooks (refused, naming the
 * field, when a condition or step is wrong), enables the defaults in one call, and a playbook that
 * waits for a person starts when the agent's quota passes 80 %: nothing happens until someone
 * approves the run, then the agent is suspended by `system:playbook:<id>`; a revert reinstates
 * it, and a run cancelled while it waits changes nothing. Another playbook revokes an agent's
 * grants and expires its key, which a revert leaves as they are and says so.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { eventually, registerAgent, tenantWithAgent, wardenClient } from '../support/warden-client';

const api = wardenClient(inject('runtimeUrl'), inject('runtimeDataDir'));

describe('Remediation playbooks', () => {
  let tenantId: string;
  let admin: string;
  let agentId: string;
  let apiKey: string;
  const path = (rest: string) => `/v1/tenants/${tenantId}${rest}`;
  const decide = () => api.request('POST', '/v1/authorize', { token: apiKey, body: { action: 'tickets:read' } });
  const holdOnQuota = {
    description: 'Suspend an agent near its quota, once a person agrees',
    trigger: { event: 'Quota.Threshold', match: { scope: 'agent', threshold: { gte: 0.8 } } },
    steps: [{ type: 'wait_for_approval' }, { type: 'suspend_agent' }, { type: 'notify' }],
  };

  /** The runs of the tenant's agent with this status, once there are `count` of them. */
  const runsOnce = (status: string, count: number) =>
    eventually(
      async () => {
        const listed = await api.get(path(`/remediations?status=${status}&agentId=${agentId}`), admin);
        expect(listed.status).toBe(200);
        return listed.body.items.length >= count ? listed.body.items : undefined;
      },
      { timeoutMs: 20_000 },
    );

  beforeAll(async () => {
    ({ tenantId, admin, agentId, apiKey } = await tenantWithAgent(api, 'playbooks', {
      rules: [
        { id: 'read', effect: 'allow', actions: ['tickets:read'] },
        { id: 'refunds', effect: 'require_approval', actions: ['payments:refund'], risk: 'low', grantMinutes: 60 },
      ],
    }));
    expect((await api.patch(path(`/agents/${agentId}`), admin, { quotas: { decisionsPerDay: 20 } })).status).toBe(200);
  });

  it('refuses a playbook whose condition or step is wrong, naming the field', async () => {
    const unknownField = await api.put(path('/playbooks/bad'), admin, {
      ...holdOnQuota,
      trigger: { event: 'Quota.Threshold', match: { kind: 'deny_spike' } },
    });
    expect(unknownField.status).toBe(400);
    expect(JSON.stringify(unknownField.body.error)).toContain('trigger.match.kind');
    const textRange = await api.put(path('/playbooks/bad'), admin, {
      ...holdOnQuota,
      trigger: { event: 'Quota.Threshold', match: { scope: { gte: 1 } } },
    });
    expect(textRange.status).toBe(400);
    expect(JSON.stringify(textRange.body.error)).toContain('trigger.match.scope');
    const longQuarantine = await api.put(path('/playbooks/bad'), admin, {
      ...holdOnQuota,
      steps: [{ type: 'quarantine_agent', hours: 500 }],
    });
    expect(longQuarantine.status).toBe(400);
    expect(JSON.stringify(longQuarantine.body.error)).toContain('steps.0.hours');
    const unknownStep = await api.put(path('/playbooks/bad'), admin, { ...holdOnQuota, steps: [{ type: 'delete_tenant' }] });
    expect(unknownStep.status).toBe(400);
    expect(JSON.stringify(unknownStep.body.error)).toContain('steps.0.type');
    expect((await api.put(path('/playbooks/defaults'), admin, holdOnQuota)).status).toBe(400);
    expect((await api.get(path('/playbooks/bad'), admin)).status).toBe(404);
  });

  it('saves, lists, replaces and deletes playbooks, and enables the defaults in one call', async () => {
    const created = await api.put(path('/playbooks/scratch'), admin, { ...holdOnQuota, mode: 'dry_run' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'scratch', mode: 'dry_run', enabled: true, version: 1 });
    const replaced = await api.put(path('/playbooks/scratch'), admin, { ...holdOnQuota, enabled: false });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ mode: 'enforce', enabled: false, version: 2 });
    expect((await api.delete(path('/playbooks/scratch'), admin)).status).toBe(204);
    expect((await api.get(path('/playbooks/scratch'), admin)).status).toBe(404);
    expect((await api.delete(path('/playbooks/scratch'), admin)).status).toBe(404);

    const defaults = await api.post(path('/playbooks/defaults'), admin, {});
    expect(defaults.status).toBe(200);
    expect(defaults.body.created.sort()).toEqual([
      'deny-spike-quarantine',
      'inactive-30-suspend',
      'inactive-90-decommission',
      'key-expiring-notify',
      'quota-95-notify',
    ]);
    expect((await api.post(path('/playbooks/defaults'), admin, {})).body).toMatchObject({ created: [] });
    const listed = await api.get(path('/playbooks'), admin);
    expect(listed.body.items.map((playbook: { id: string }) => playbook.id)).toContain('deny-spike-quarantine');
    expect((await api.get(path('/playbooks/deny-spike-quarantine'), admin)).body).toMatchObject({
      trigger: { event: 'Anomaly.Detected', match: { kind: 'deny_spike' } },
      steps: [{ type: 'quarantine_agent', hours: 4 }, { type: 'open_incident', severity: 'high' }, { type: 'notify' }],
    });
    const auditor = await api.token({ roles: ['auditor'], tenant: tenantId });
    expect((await api.get(path('/playbooks'), auditor)).status).toBe(200);
    expect((await api.put(path('/playbooks/mine'), auditor, holdOnQuota)).status).toBe(403);
  });

  it('waits for a person before acting: approved, it suspends the agent as the playbook; reverted, the agent is back', async () => {
    expect((await api.put(path('/playbooks/hold-on-quota'), admin, holdOnQuota)).status).toBe(201);
    // The quota's 80 % is announced (one leased block early at most): keep deciding until the run waits.
    let waiting: { id: string }[] = [];
    for (let sent = 0; sent < 16 && waiting.length === 0; sent++) {
      expect((await decide()).status).toBe(200);
      waiting = (await api.get(path(`/remediations?status=waiting_for_approval&agentId=${agentId}`), admin)).body.items;
    }
    const [run] = waiting.length > 0 ? waiting : await runsOnce('waiting_for_approval', 1);
    expect(run).toMatchObject({
      playbookId: 'hold-on-quota',
      trigger: { event: 'Quota.Threshold' },
      steps: [
        { type: 'wait_for_approval', status: 'waiting' },
        { type: 'suspend_agent', status: 'pending' },
        { type: 'notify', status: 'pending' },
      ],
    });
    expect((await api.get(path(`/agents/${agentId}`), admin)).body.status).toBe('active');

    const security = await api.token({ roles: ['security'], tenant: tenantId, sub: 'sec@test' });
    expect((await api.post(path(`/remediations/${run!.id}/approve`), security, {})).status).toBe(200);
    const done = await eventually(async () => {
      const read = await api.get(path(`/remediations/${run!.id}`), admin);
      return read.body.status === 'succeeded' ? read.body : undefined;
    });
    expect(done.steps.map((step: { status: string; detail?: string }) => step.status)).toEqual(['done', 'done', 'done']);
    expect(done.steps[0].detail).toBe('approved by sec@test');
    expect((await api.get(path(`/agents/${agentId}`), admin)).body.status).toBe('suspended');
    expect((await api.post(path(`/remediations/${run!.id}/approve`), security, {})).status).toBe(409);
    const audit = (await api.get(path(`/audit?kind=change&agentId=${agentId}`), admin)).body.items;
    expect(audit).toContainEqual(
      expect.objectContaining({
        action: 'agent.suspended',
        actor: { type: 'system', name: 'playbook:hold-on-quota' },
        reason: `remediation ${run!.id}`,
      }),
    );

    const reverted = await api.post(path(`/remediations/${run!.id}/revert`), admin, {});
    expect(reverted.status).toBe(200);
    expect(reverted.body).toMatchObject({ reverted: [{ type: 'suspend_agent' }], notReverted: [], run: { status: 'reverted' } });
    expect((await api.get(path(`/agents/${agentId}`), admin)).body.status).toBe('active');
  });

  it('changes nothing when a waiting run is cancelled', async () => {
    // 95 % of the quota fires the same playbook again: a second run, waiting.
    let waiting: { id: string }[] = [];
    for (let sent = 0; sent < 6 && waiting.length === 0; sent++) {
      await decide();
      waiting = (await api.get(path(`/remediations?status=waiting_for_approval&agentId=${agentId}`), admin)).body.items;
    }
    const [run] = waiting.length > 0 ? waiting : await runsOnce('waiting_for_approval', 1);
    const cancelled = await api.post(path(`/remediations/${run!.id}/cancel`), admin, {});
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      steps: [{ status: 'waiting' }, { status: 'pending' }, { status: 'pending' }],
    });
    expect((await api.post(path(`/remediations/${run!.id}/cancel`), admin, {})).status).toBe(409);
    expect((await api.post(path(`/remediations/${run!.id}/approve`), admin, {})).status).toBe(409);
    expect((await api.get(path(`/agents/${agentId}`), admin)).body.status).toBe('active');
    expect((await api.get(path('/remediations?status=cancelled'), admin)).body.items.map((item: { id: string }) => item.id)).toEqual([
      run!.id,
    ]);
    expect((await api.get(path('/remediations/rem_01JZZZZZZZZZZZZZZZZZZZZZZZ-nothing'), admin)).status).toBe(404);
  });

  it("revokes an agent's grants and expires its key; a revert leaves both as they are and says so", async () => {
    const refunder = await registerAgent(api, tenantId, admin, { name: 'refunder', quotas: { decisionsPerDay: 10 } });
    const lockOut = await api.put(path('/playbooks/lock-out'), admin, {
      trigger: { event: 'Quota.Threshold', match: { scope: 'agent', subject: refunder.id } },
      steps: [{ type: 'revoke_grants' }, { type: 'expire_key' }],
    });
    expect(lockOut.status).toBe(201);
    const refund = () => api.request('POST', '/v1/authorize', { token: refunder.apiKey, body: { action: 'payments:refund' } });
    const asked = await refund();
    expect(asked.body.effect).toBe('require_approval');
    const lead = await api.token({ roles: ['team-lead'], tenant: tenantId, teams: ['ops'], sub: 'lead@test' });
    const approved = await api.post(path(`/approvals/${asked.body.approvalId}/approve`), lead, {});
    expect(approved.status).toBe(200);
    const grantId = approved.body.grant.id as string;

    // Refunds under the grant until 80 % of the quota starts the playbook: then the key stops working.
    const answers: number[] = [];
    for (let sent = 0; sent < 9; sent++) {
      const answer = await refund();
      answers.push(answer.status);
      if (answer.status === 401) break;
      expect(answer.body).toMatchObject({ effect: 'allow', grantId });
    }
    const [run] = await eventually(async () => {
      const runs = (await api.get(path(`/remediations?agentId=${refunder.id}&status=succeeded`), admin)).body.items;
      return runs.length > 0 ? runs : undefined;
    });
    expect(run.playbookId).toBe('lock-out');
    expect(run.effects).toMatchObject({ revokedGrants: [grantId], expiredKeys: [refunder.keyId] });
    expect((await api.get(path('/grants'), admin)).body.items.map((grant: { id: string }) => grant.id)).not.toContain(grantId);
    await eventually(async () => ((await refund()).status === 401 ? true : undefined));

    const reverted = await api.post(path(`/remediations/${run.id}/revert`), admin, {});
    expect(reverted.status).toBe(200);
    expect(reverted.body.reverted).toEqual([]);
    expect(reverted.body.notReverted.map((entry: { type: string }) => entry.type).sort()).toEqual(['expire_key', 'revoke_grants']);
    expect((await refund()).status).toBe(401);
    const audit = (await api.get(path(`/audit?kind=change&agentId=${refunder.id}`), admin)).body.items;
    expect(audit).toContainEqual(
      expect.objectContaining({ action: 'agent.key-expired', actor: { type: 'system', name: 'playbook:lock-out' } }),
    );
  });
});
