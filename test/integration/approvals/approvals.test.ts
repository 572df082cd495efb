/**
 * The approvals use cases on DynamoDB Local: joining under concurrency, the workflow steps'
 * idempotence and deadlines, task tokens racing decisions, grants and the tenant epoch. The
 * workflow port is a recorder here (the real state machine runs in the end-to-end tests).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbApprovalStore } from '../../../shared/adapters/dynamodb/dynamodb-approval-store';
import { createDynamoDbTenancyStore } from '../../../shared/adapters/dynamodb/dynamodb-tenancy-store';
import { singleClient } from '../../../shared/adapters/dynamodb/tenant-clients';
import type { ApprovalWorkflow, WorkflowState } from '../../../shared/approvals/approval-workflow';
import { type Approvals, createApprovals, type OpenApprovalInput } from '../../../shared/approvals/approvals';
import type { OperatorPrincipal } from '../../../shared/auth/principal';
import { createAdjustableClock } from '../../../shared/kernel/clock';
import { createIdGenerator } from '../../../shared/kernel/ids';
import { createPageCursorCodec } from '../../../shared/kernel/page-cursor';
import type { TenancyStore } from '../../../shared/tenancy/tenancy-store';
import { createTenantManagement } from '../../../shared/tenancy/tenant-management';
import type { Tenant } from '../../../shared/tenancy/tenant';
import { createTestTables } from '../../support/test-tables';

const platform: OperatorPrincipal = { kind: 'operator', sub: 'p', roles: ['platform-admin'], teams: [] };
const lead: OperatorPrincipal = { kind: 'operator', sub: 'lead', tenantId: 'appr', roles: ['team-lead'], teams: ['ops'] };
const TIMEOUT_MS = 240 * 60_000;

function recordingWorkflow() {
  const calls = { started: [] as string[], completed: [] as { token: string; state: WorkflowState }[], stopped: [] as string[] };
  const workflow: ApprovalWorkflow = {
    start: async ({ approvalId }) => {
      calls.started.push(approvalId);
      return `arn:local:execution:${approvalId}`;
    },
    complete: async (token, state) => {
      calls.completed.push({ token, state });
    },
    stop: async (executionArn) => {
      calls.stopped.push(executionArn);
    },
  };
  return { workflow, calls };
}

describe('Approvals (DynamoDB Local)', () => {
  const clock = createAdjustableClock();
  const recorder = recordingWorkflow();
  let approvals: Approvals;
  let tenancy: TenancyStore;
  let tenant: Tenant;
  let n = 0;

  const ask = (resource = `r${++n}`, overrides: Partial<OpenApprovalInput> = {}): OpenApprovalInput => ({
    tenant,
    agent: { id: 'agt_1', name: 'bot', team: 'ops', role: 'bot', environment: 'prod', owner: 'owner' },
    request: { action: 'deploy', resource },
    decision: { rule: { id: 'deploys', scope: 'tenant', version: 1 }, risk: 'low', reason: 'needs approval', grantMinutes: 30 },
    origin: { type: 'decision', decisionId: 'dec_1' },
    ...overrides,
  });

  beforeAll(async () => {
    const tables = await createTestTables();
    const clients = singleClient(tables.documentClient);
    tenancy = createDynamoDbTenancyStore(clients, tables.names);
    const ids = createIdGenerator(clock);
    tenant = await createTenantManagement({ store: tenancy, clock, ids, cursors: createPageCursorCodec('s'.repeat(40)) }).onboard(
      platform,
      {
        id: 'appr',
        name: 'Approvals',
        tier: 'business',
        environments: ['prod'],
        retentionDays: 30,
        settings: { apiKeyTtlDays: 90, approvalTimeoutMinutes: 240 },
      },
    );
    approvals = createApprovals({
      store: createDynamoDbApprovalStore(clients, tables.names),
      workflow: recorder.workflow,
      tenants: { get: (id) => tenancy.getTenant(id, { consistent: true }) },
      clock,
      ids,
      timeoutSecondsPerMinute: 60,
      cursors: createPageCursorCodec('s'.repeat(40)),
    });
  });

  it('opens one approval and one workflow when the same request is asked ten times at once', async () => {
    const opened = await Promise.all(Array.from({ length: 10 }, () => approvals.open(ask('same'))));
    expect(new Set(opened.map((approval) => approval.id)).size).toBe(1);
    expect(recorder.calls.started.filter((id) => id === opened[0]!.id)).toHaveLength(1);
  });

  it('escalates at the first timeout and expires at the second; a timeout before the deadline changes nothing', async () => {
    const { id } = await approvals.open(ask());
    expect(await approvals.stepState('appr', id)).toEqual({ status: 'pending', timeoutSeconds: TIMEOUT_MS / 1000 });
    expect(await approvals.stepTimeout('appr', id)).toMatchObject({ status: 'pending' }); // early: a re-run execution waits again
    expect((await approvals.get(lead, 'appr', id)).escalated).toBe(false);
    clock.setOffsetMs(clock.offsetMs() + TIMEOUT_MS);
    expect(await approvals.stepTimeout('appr', id)).toEqual({ status: 'pending', timeoutSeconds: TIMEOUT_MS / 1000 });
    expect((await approvals.get({ ...lead, roles: ['security'] }, 'appr', id)).awaiting).toBe('security');
    clock.setOffsetMs(clock.offsetMs() + TIMEOUT_MS);
    expect(await approvals.stepTimeout('appr', id)).toEqual({ status: 'settled', timeoutSeconds: 0 });
    expect(await approvals.stepTimeout('appr', id)).toEqual({ status: 'settled', timeoutSeconds: 0 }); // again: idempotent
    expect((await approvals.get(lead, 'appr', id)).status).toBe('expired');
  });

  it('answers the newest task token when a decision is made, and tells a late await step that nothing waits', async () => {
    const { id } = await approvals.open(ask());
    expect(await approvals.stepAwait('appr', id, 'token-1')).toEqual({ waiting: true });
    expect(await approvals.stepAwait('appr', id, 'token-2')).toEqual({ waiting: true }); // a re-run replaces the token
    await approvals.approve(lead, 'appr', id, 'go');
    expect(recorder.calls.completed.at(-1)).toEqual({ token: 'token-2', state: { status: 'settled', timeoutSeconds: 0 } });
    expect(await approvals.stepAwait('appr', id, 'token-3')).toEqual({ waiting: false });
  });

  it('lists pending approvals page by page, each once, in the order they were opened', async () => {
    const opened: string[] = [];
    for (let i = 0; i < 5; i++) opened.push((await approvals.open(ask(`paged-${i}`))).id);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await approvals.list(lead, 'appr', { status: 'pending', limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((approval) => approval.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(opened));
  });

  it('decides correctly while the workflow stores tokens concurrently (version conflicts are retried)', async () => {
    const { id } = await approvals.open(ask());
    const results = await Promise.all([
      approvals.approve(lead, 'appr', id),
      ...Array.from({ length: 5 }, (_, i) => approvals.stepAwait('appr', id, `race-${i}`)),
    ]);
    expect(results[0]).toMatchObject({ status: 'approved' });
    expect((await approvals.get(lead, 'appr', id)).status).toBe('approved');
  });

  it('issues a grant with the approval, moving the tenant epoch; revoking moves it again', async () => {
    const before = (await tenancy.getTenant('appr', { consistent: true }))!.epoch;
    const { id } = await approvals.open(ask('granted'));
    const approved = await approvals.approve(lead, 'appr', id);
    const afterIssue = (await tenancy.getTenant('appr', { consistent: true }))!.epoch;
    expect(afterIssue).toBe(before + 1);
    expect((await approvals.liveGrants('appr', 'agt_1')).map((grant) => grant.id)).toContain(approved.grant!.id);
    await approvals.revokeGrant({ ...lead, roles: ['security'] }, 'appr', approved.grant!.id);
    expect((await tenancy.getTenant('appr', { consistent: true }))!.epoch).toBe(afterIssue + 1);
    expect((await approvals.liveGrants('appr', 'agt_1')).map((grant) => grant.id)).not.toContain(approved.grant!.id);
  });

  it('cancels pending approvals and revokes grants when the agent leaves, once', async () => {
    const pending = await approvals.open(
      ask('left-pending', { agent: { id: 'agt_left', name: 'x', team: 'ops', role: 'bot', environment: 'prod', owner: 'o' } }),
    );
    const granted = await approvals.open(
      ask('left-granted', { agent: { id: 'agt_left', name: 'x', team: 'ops', role: 'bot', environment: 'prod', owner: 'o' } }),
    );
    await approvals.approve(lead, 'appr', granted.id);
    expect(await approvals.agentLeft('appr', 'agt_left', 'agent suspended')).toEqual({ cancelled: 1, revoked: 1 });
    expect((await approvals.get(lead, 'appr', pending.id)).status).toBe('cancelled');
    expect(recorder.calls.stopped).toContain(`arn:local:execution:${pending.id}`);
    expect(await approvals.agentLeft('appr', 'agt_left', 'agent suspended')).toEqual({ cancelled: 0, revoked: 0 });
  });
});
