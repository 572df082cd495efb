/**
 * Pending approvals survive a restart of the local runtime: its Step Functions executions are
 * kept on disk and run again from the start, and the workflow's steps read the approval's state,
 * so approving after a restart issues the grant and a timeout still fires at its original
 * deadline. A remediation run waiting for a person survives it the same way: approved after the
 * restart, its execution goes on and the agent is suspended. This file runs its own runtime
 * (stopped and started on the same data directory).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../support/test-runtime';
import { eventually, registerAgent, unique, wardenClient, type WardenClient } from '../support/warden-client';

const LEVEL_SECONDS = 30; // approvalTimeoutMinutes 30 at one second per approval "minute": room for a restart on a busy machine

describe('Approvals across a restart of the local runtime', () => {
  let runtime: TestRuntime;
  let api: WardenClient;
  let tenantId: string;
  let admin: string;
  let lead: string;
  let apiKey: string;
  /** An agent whose quota starts a playbook that waits for a person, and that run. */
  let capped: { id: string; apiKey: string };
  let waitingRunId: string;
  const path = (rest: string) => `/v1/tenants/${tenantId}${rest}`;
  const executionOf = async (approvalId: string) =>
    ((await api.request('GET', '/_local/executions')).body.items as { name: string; status: string }[]).find(
      (execution) => execution.name === approvalId,
    );

  beforeAll(async () => {
    runtime = await startTestRuntime();
    api = wardenClient(runtime.url, runtime.dataDir);
    const platform = await api.token({ roles: ['platform-admin'] });
    tenantId = unique('restart');
    await api.post('/v1/tenants', platform, {
      id: tenantId,
      name: 'Restart',
      tier: 'business',
      environments: ['prod'],
      settings: { apiKeyTtlDays: 90, approvalTimeoutMinutes: LEVEL_SECONDS },
    });
    admin = await api.token({ sub: 'root@corp', roles: ['tenant-admin'], tenant: tenantId });
    lead = await api.token({ sub: 'lead@corp', roles: ['team-lead'], tenant: tenantId, teams: ['ops'] });
    await api.post(path('/teams'), admin, { name: 'ops' });
    await api.put(path('/roles/bot'), admin, { description: 'bot' });
    await api.put(path('/policies/tenant'), admin, {
      reason: 'r',
      rules: [{ id: 'deploys', effect: 'require_approval', actions: ['deploy:*'], risk: 'low' }],
    });
    await api.post(path('/policies/tenant/versions/1/publish'), admin, { reason: 'r' });
    apiKey = (await api.post(path('/agents'), admin, { name: 'deployer', team: 'ops', role: 'bot', environment: 'prod', owner: 'o' })).body
      .apiKey;
    capped = await registerAgent(api, tenantId, admin, { name: 'capped', quotas: { decisionsPerDay: 10 } });
    const playbook = await api.put(path('/playbooks/hold'), admin, {
      trigger: { event: 'Quota.Threshold', match: { scope: 'agent' } },
      steps: [{ type: 'wait_for_approval' }, { type: 'suspend_agent' }],
    });
    expect(playbook.status).toBe(201);
  });

  afterAll(async () => {
    await runtime?.stop();
  });

  it('approves after a restart, and times out at the original deadline', async () => {
    const authorize = (action: string) => api.request('POST', '/v1/authorize', { token: apiKey, body: { action } });
    const toApprove = (await authorize('deploy:api')).body.approvalId as string;
    const toTimeOut = (await authorize('deploy:db')).body.approvalId as string;
    const originalDeadline = Date.parse((await api.get(path(`/approvals/${toTimeOut}`), admin)).body.deadlineAt);
    await eventually(async () =>
      (await executionOf(toApprove))?.status === 'RUNNING' && (await executionOf(toTimeOut))?.status === 'RUNNING' ? true : undefined,
    );
    // The capped agent passes 80 % of its quota: the playbook's run waits for a person.
    let waiting: { id: string }[] = [];
    for (let sent = 0; sent < 10 && waiting.length === 0; sent++) {
      await api.request('POST', '/v1/authorize', { token: capped.apiKey, body: { action: 'read:report' } });
      waiting = (await api.get(path('/remediations?status=waiting_for_approval'), admin)).body.items;
    }
    waitingRunId = (
      waiting.length > 0
        ? waiting
        : await eventually(async () => {
            const listed = (await api.get(path('/remediations?status=waiting_for_approval'), admin)).body.items;
            return listed.length > 0 ? listed : undefined;
          })
    )[0]!.id;
    await eventually(async () => ((await executionOf(waitingRunId))?.status === 'RUNNING' ? true : undefined));

    await runtime.stop();
    runtime = await startTestRuntime({}, { dataDir: runtime.dataDir });
    api = wardenClient(runtime.url, runtime.dataDir);
    expect(Date.now()).toBeLessThan(originalDeadline); // the restart took less than one level: the deadline is still ahead

    const approved = await api.post(path(`/approvals/${toApprove}/approve`), lead, { comment: 'after the restart' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', grant: { id: expect.stringMatching(/^gnt_/) } });
    expect((await authorize('deploy:api')).body).toMatchObject({ effect: 'allow', grantId: approved.body.grant.id });
    // The resumed execution got its new task token and was answered by the approval.
    await eventually(async () => ((await executionOf(toApprove))?.status === 'SUCCEEDED' ? true : undefined), { timeoutMs: 15_000 });

    // The other approval escalates at its original deadline, not one full level after the restart.
    const escalated = await eventually(
      async () => {
        const approval = (await api.get(path(`/approvals/${toTimeOut}`), admin)).body;
        return approval.escalated ? approval : undefined;
      },
      { timeoutMs: (LEVEL_SECONDS + 10) * 1000 },
    );
    const escalatedAt = Date.parse(escalated.deadlineAt) - LEVEL_SECONDS * 1000;
    expect(Math.abs(escalatedAt - originalDeadline)).toBeLessThan(2500);
    expect(escalated.status).toBe('pending');
  });

  it('resumes a remediation run that waited for a person: approved after the restart, it suspends the agent', async () => {
    const run = (await api.get(path(`/remediations/${waitingRunId}`), admin)).body;
    expect(run).toMatchObject({ status: 'waiting_for_approval', steps: [{ status: 'waiting' }, { status: 'pending' }] });
    const security = await api.token({ sub: 'sec@corp', roles: ['security'], tenant: tenantId });
    // The resumed execution asks again from its first step, which finds the run still waiting.
    expect((await api.post(path(`/remediations/${waitingRunId}/approve`), security, {})).status).toBe(200);
    const done = await eventually(
      async () => {
        const read = (await api.get(path(`/remediations/${waitingRunId}`), admin)).body;
        return read.status === 'succeeded' ? read : undefined;
      },
      { timeoutMs: 15_000 },
    );
    expect(done.steps.map((step: { status: string }) => step.status)).toEqual(['done', 'done']);
    expect((await api.get(path(`/agents/${capped.id}`), admin)).body.status).toBe('suspended');
    await eventually(async () => ((await executionOf(waitingRunId))?.status === 'SUCCEEDED' ? true : undefined), { timeoutMs: 15_000 });
  });
});
