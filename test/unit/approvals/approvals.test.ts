/**
 * The approvals use cases (shared/approvals/approvals.ts) on the in-memory ports: opening and
 * joining, deciding at each level, grants issued and revoked, the workflow's steps (timeouts,
 * escalation, expiry) through a recording workflow, separation of duties, access requests.
 * Real domain code, a fixed clock, real ids and cursors.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ApprovalStore } from '../../../shared/approvals/approval-store';
import type { ApprovalWorkflow, WorkflowState } from '../../../shared/approvals/approval-workflow';
import { type Approvals, createApprovals, type OpenApprovalInput } from '../../../shared/approvals/approvals';
import { STALE_AFTER_MS } from '../../../shared/approvals/workflow-steps';
import type { AgentPrincipal, OperatorPrincipal } from '../../../shared/auth/principal';
import { createFixedClock, isoAt } from '../../../shared/kernel/clock';
import { createIdGenerator } from '../../../shared/kernel/ids';
import { createPageCursorCodec } from '../../../shared/kernel/page-cursor';
import type { Risk } from '../../../shared/policy/document';
import type { Agent } from '../../../shared/tenancy/agent';
import type { Tenant } from '../../../shared/tenancy/tenant';
import { createInMemoryStores, type InMemoryStores } from '../../support/in-memory';
import { aChange, aKey, anAgent, aTenant } from '../../support/tenancy-fixtures';

const START = Date.parse('2026-11-24T10:00:00.000Z');
const LEVEL_TIMEOUT_MS = 240 * 60_000;

const operator = (sub: string, roles: OperatorPrincipal['roles'], teams: string[] = []): OperatorPrincipal => ({
  kind: 'operator',
  sub,
  tenantId: 'acme',
  roles,
  teams,
});
const lead = operator('lead', ['team-lead'], ['ops']);
const otherLead = operator('other-lead', ['team-lead'], ['payments']);
const security = operator('sec', ['security']);
const admin = operator('boss', ['tenant-admin']);
const owner = operator('owner', ['tenant-admin']);

/** A workflow port that records what the use cases ask of it. */
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

describe('Approvals (in-memory ports)', () => {
  let clock: ReturnType<typeof createFixedClock>;
  let stores: InMemoryStores;
  let recorder: ReturnType<typeof recordingWorkflow>;
  let approvals: Approvals;
  let tenant: Tenant;
  let agent: Agent;

  const build = (store: ApprovalStore = stores.approvals) =>
    createApprovals({
      store,
      workflow: recorder.workflow,
      tenants: { get: (id) => stores.tenancy.getTenant(id, { consistent: true }) },
      clock,
      ids: createIdGenerator(clock),
      timeoutSecondsPerMinute: 60,
      cursors: createPageCursorCodec('c'.repeat(40)),
    });

  beforeEach(async () => {
    clock = createFixedClock(START);
    stores = createInMemoryStores(clock);
    recorder = recordingWorkflow();
    tenant = aTenant('acme', { epoch: 1, settings: { apiKeyTtlDays: 90, approvalTimeoutMinutes: 240 } });
    await stores.tenancy.createTenant(tenant, aChange('acme'));
    agent = anAgent('acme', {
      team: 'ops',
      owner: 'owner',
      ownerHistory: [{ owner: 'owner', from: isoAt(START - 90 * 86_400_000), setBy: 'registrar', via: 'registered' }],
    });
    await stores.tenancy.createAgent(agent, aKey('acme', agent.id), aChange('acme'));
    approvals = build();
  });

  const ask = (risk: Risk = 'low', resource = 'service-a'): OpenApprovalInput => ({
    tenant,
    agent: { id: agent.id, name: agent.name, team: agent.team, role: agent.role, environment: 'prod', owner: agent.owner },
    request: { action: 'deploy', resource },
    decision: { rule: { id: 'deploys', scope: 'tenant', version: 1 }, risk, reason: 'deploys need a review', grantMinutes: 30 },
    origin: { type: 'decision', decisionId: 'dec_1' },
  });
  const epoch = async () => (await stores.tenancy.getTenant('acme'))?.epoch;
  const changeActions = async () =>
    (await stores.audit.listAudit({ tenantId: 'acme', from: isoAt(START), to: isoAt(clock.nowMs() + 1) }, { limit: 1000 })).items
      .filter((record) => record.kind === 'change')
      .map((record) => record.action)
      .reverse();

  describe('Method: open', () => {
    it('opens a pending approval awaiting the team lead until the level times out, starts its workflow and records the request', async () => {
      const approval = await approvals.open(ask());

      expect(approval).toMatchObject({
        status: 'pending',
        risk: 'low',
        requiredApprovals: 1,
        grantMinutes: 30,
        deadlineAt: isoAt(START + LEVEL_TIMEOUT_MS),
        version: 1,
      });
      expect(await approvals.get(lead, 'acme', approval.id)).toMatchObject({ awaiting: 'team-lead' });
      expect(recorder.calls.started).toEqual([approval.id]);
      expect(await stores.approvals.getApproval('acme', approval.id)).toMatchObject({ executionArn: `arn:local:execution:${approval.id}` });
      expect((await changeActions()).filter((action) => String(action).startsWith('approval.'))).toEqual(['approval.requested']);
    });

    it('joins a second ask for the same request to the open approval, without a second workflow', async () => {
      const first = await approvals.open(ask());
      const second = await approvals.open(ask());
      expect(second.id).toBe(first.id);
      expect(recorder.calls.started).toEqual([first.id]);
      expect((await approvals.open(ask('low', 'service-b'))).id).not.toBe(first.id);
    });
  });

  describe('Method: approve', () => {
    it('lets the team lead approve: the approval settles, a time-bound grant is issued, the epoch moves, the waiting workflow hears', async () => {
      const approval = await approvals.open(ask());
      await approvals.stepAwait('acme', approval.id, 'token-1');
      clock.advance(5 * 60_000);

      const decided = await approvals.approve(lead, 'acme', approval.id, 'ship it');

      expect(decided).toMatchObject({
        status: 'approved',
        decidedBy: 'lead',
        comment: 'ship it',
        approvals: [{ by: 'lead', level: 'team-lead' }],
      });
      const grants = await approvals.liveGrants('acme', agent.id);
      expect(grants).toEqual([
        expect.objectContaining({
          action: 'deploy',
          resource: 'service-a',
          approvalId: approval.id,
          expiresAt: isoAt(clock.nowMs() + 30 * 60_000),
          approvedBy: ['lead'],
        }),
      ]);
      expect(decided.grant).toEqual({ id: grants[0]!.id, expiresAt: grants[0]!.expiresAt });
      expect(await epoch()).toBe(2);
      expect(recorder.calls.completed).toEqual([{ token: 'token-1', state: { status: 'settled', timeoutSeconds: 0 } }]);
      expect((await changeActions()).slice(-2).sort()).toEqual(['approval.approved', 'grant.issued']);
    });

    it('lets a grant allow only until it expires', async () => {
      const approval = await approvals.open(ask());
      await approvals.approve(lead, 'acme', approval.id);
      clock.advance(30 * 60_000);
      expect(await approvals.liveGrants('acme', agent.id)).toEqual([]);
      expect(await stores.approvals.grantsOf('acme', agent.id)).toHaveLength(1);
    });

    it('needs two different approvers for critical risk: security first, then a tenant admin, each level with its own timeout', async () => {
      const approval = await approvals.open(ask('critical'));
      clock.advance(60_000);
      const first = await approvals.approve(security, 'acme', approval.id);
      expect(first).toMatchObject({ status: 'pending', awaiting: 'tenant-admin', deadlineAt: isoAt(clock.nowMs() + LEVEL_TIMEOUT_MS) });
      await expect(approvals.approve(security, 'acme', approval.id)).rejects.toMatchObject({
        name: 'ForbiddenError',
        code: 'beyond_authority',
      });
      expect(await approvals.liveGrants('acme', agent.id)).toEqual([]);

      const second = await approvals.approve(admin, 'acme', approval.id);
      expect(second).toMatchObject({
        status: 'approved',
        approvals: [
          { by: 'sec', level: 'security' },
          { by: 'boss', level: 'tenant-admin' },
        ],
      });
      expect((await approvals.liveGrants('acme', agent.id))[0]?.approvedBy).toEqual(['sec', 'boss']);
    });

    it('refuses the same person twice on a critical approval with second_approver_must_differ', async () => {
      const approval = await approvals.open(ask('critical'));
      await approvals.approve(admin, 'acme', approval.id);
      await expect(approvals.approve(admin, 'acme', approval.id)).rejects.toMatchObject({
        name: 'ForbiddenError',
        code: 'second_approver_must_differ',
      });
    });

    it('refuses approvers below the level awaited, and team leads of other teams', async () => {
      const high = await approvals.open(ask('high'));
      await expect(approvals.approve(lead, 'acme', high.id)).rejects.toMatchObject({ name: 'ForbiddenError', code: 'beyond_authority' });
      const low = await approvals.open(ask('low', 'service-b'));
      await expect(approvals.approve(otherLead, 'acme', low.id)).rejects.toMatchObject({ name: 'ForbiddenError' });
      expect((await stores.approvals.getApproval('acme', low.id))?.status).toBe('pending');
    });

    it('refuses to decide an approval that already settled with ConflictError approval_not_pending', async () => {
      const approval = await approvals.open(ask());
      await approvals.reject(lead, 'acme', approval.id);
      await expect(approvals.approve(lead, 'acme', approval.id)).rejects.toMatchObject({
        name: 'ConflictError',
        code: 'approval_not_pending',
      });
    });
  });

  describe('Separation of duties', () => {
    it("refuses the agent's owner, even one who holds the highest role", async () => {
      const approval = await approvals.open(ask());
      await expect(approvals.approve(owner, 'acme', approval.id)).rejects.toMatchObject({
        name: 'ForbiddenError',
        code: 'owner_cannot_approve',
      });
    });

    it("refuses whoever changed the agent's owner in the window before the approval opened", async () => {
      const changedBy = { owner: 'new-owner', from: isoAt(START - 86_400_000), setBy: 'lead', via: 'changed' as const };
      await stores.tenancy.saveAgent(
        { ...agent, owner: 'new-owner', ownerHistory: [{ ...agent.ownerHistory![0]!, until: changedBy.from }, changedBy], version: 2 },
        1,
        aChange('acme'),
      );
      const approval = await approvals.open({ ...ask(), agent: { ...ask().agent, owner: 'new-owner' } });
      await expect(approvals.approve(lead, 'acme', approval.id)).rejects.toMatchObject({
        name: 'ForbiddenError',
        code: 'owner_changer_cannot_approve',
      });
    });

    it('judges again when the owner changes between the check and the write: the decision is refused, not slipped in', async () => {
      const approval = await approvals.open(ask());
      let changed = false;
      const changingOwner: ApprovalStore = {
        ...stores.approvals,
        async getAgentOwnership(tenantId, agentId) {
          const ownership = await stores.approvals.getAgentOwnership(tenantId, agentId);
          if (!changed) {
            // The approver becomes the agent's owner right after their authority was read.
            changed = true;
            const current = (await stores.tenancy.getAgent(tenantId, agentId))!;
            const at = isoAt(clock.nowMs());
            await stores.tenancy.saveAgent(
              {
                ...current,
                owner: 'lead',
                ownerHistory: [
                  { ...current.ownerHistory![0]!, until: at },
                  { owner: 'lead', from: at, setBy: 'boss', via: 'changed' },
                ],
                version: current.version + 1,
              },
              current.version,
              aChange('acme'),
            );
          }
          return ownership;
        },
      };

      await expect(build(changingOwner).approve(lead, 'acme', approval.id)).rejects.toMatchObject({
        name: 'ForbiddenError',
        code: 'owner_cannot_approve',
      });
      expect((await stores.approvals.getApproval('acme', approval.id))?.status).toBe('pending');
      expect(await approvals.liveGrants('acme', agent.id)).toEqual([]);
    });
  });

  describe('Method: reject', () => {
    it('settles the approval as rejected without a grant, and closes the request for a new ask', async () => {
      const approval = await approvals.open(ask());
      await approvals.stepAwait('acme', approval.id, 'token-1');
      expect(await approvals.reject(lead, 'acme', approval.id, 'not today')).toMatchObject({
        status: 'rejected',
        decidedBy: 'lead',
        comment: 'not today',
      });
      expect(await stores.approvals.grantsOf('acme', agent.id)).toEqual([]);
      expect(await epoch()).toBe(1);
      expect(recorder.calls.completed).toEqual([{ token: 'token-1', state: { status: 'settled', timeoutSeconds: 0 } }]);
      expect((await approvals.open(ask())).id).not.toBe(approval.id);
    });
  });

  describe('Workflow steps', () => {
    it('reports a pending approval with the seconds left at its level, and a settled one as settled', async () => {
      const approval = await approvals.open(ask());
      clock.advance(60 * 60_000);
      expect(await approvals.stepState('acme', approval.id)).toEqual({ status: 'pending', timeoutSeconds: 3 * 3600 });
      await approvals.reject(lead, 'acme', approval.id);
      expect(await approvals.stepState('acme', approval.id)).toEqual({ status: 'settled', timeoutSeconds: 0 });
    });

    it('keeps a task token only while the approval is pending', async () => {
      const approval = await approvals.open(ask());
      expect(await approvals.stepAwait('acme', approval.id, 'token-1')).toEqual({ waiting: true });
      await approvals.reject(lead, 'acme', approval.id);
      expect(await approvals.stepAwait('acme', approval.id, 'token-2')).toEqual({ waiting: false });
    });

    it('escalates one level at the first timeout and expires at the second; an early timeout changes nothing', async () => {
      const approval = await approvals.open(ask());
      clock.advance(LEVEL_TIMEOUT_MS - 60_000);
      expect(await approvals.stepTimeout('acme', approval.id)).toEqual({ status: 'pending', timeoutSeconds: 60 });
      expect(await approvals.get(lead, 'acme', approval.id)).toMatchObject({ escalated: false, awaiting: 'team-lead' });

      clock.advance(60_000);
      expect(await approvals.stepTimeout('acme', approval.id)).toEqual({ status: 'pending', timeoutSeconds: LEVEL_TIMEOUT_MS / 1000 });
      expect(await approvals.get(security, 'acme', approval.id)).toMatchObject({ escalated: true, awaiting: 'security' });
      await expect(approvals.approve(lead, 'acme', approval.id)).rejects.toMatchObject({ code: 'beyond_authority' });

      clock.advance(LEVEL_TIMEOUT_MS);
      expect(await approvals.stepTimeout('acme', approval.id)).toEqual({ status: 'settled', timeoutSeconds: 0 });
      expect(await approvals.get(security, 'acme', approval.id)).toMatchObject({ status: 'expired' });
      expect((await changeActions()).filter((action) => String(action).startsWith('approval.'))).toEqual([
        'approval.requested',
        'approval.escalated',
        'approval.expired',
      ]);
    });

    it('times out what a dead workflow left pending, once it is STALE_AFTER_MS past its deadline, and nothing sooner', async () => {
      const stale = await approvals.open(ask());
      clock.advance(LEVEL_TIMEOUT_MS + STALE_AFTER_MS - 60_000);
      expect(await approvals.timeOutStale('acme')).toBe(0);
      clock.advance(2 * 60_000);
      expect(await approvals.timeOutStale('acme')).toBe(1);
      expect(await approvals.get(security, 'acme', stale.id)).toMatchObject({ status: 'pending', escalated: true });
      expect(await approvals.timeOutStale('acme')).toBe(0); // its new deadline is ahead
      clock.advance(LEVEL_TIMEOUT_MS + STALE_AFTER_MS + 60_000);
      expect(await approvals.timeOutStale('acme')).toBe(1);
      expect(await approvals.get(security, 'acme', stale.id)).toMatchObject({ status: 'expired' });
      expect(await approvals.timeOutStale('acme')).toBe(0);
    });
  });

  describe('Grants and agents that leave', () => {
    it('revokes a grant at once: gone from the live grants, the epoch moved; a second revocation is NotFoundError', async () => {
      const approval = await approvals.open(ask());
      await approvals.approve(lead, 'acme', approval.id);
      const [grant] = await approvals.liveGrants('acme', agent.id);
      await approvals.revokeGrant(admin, 'acme', grant!.id);
      expect(await approvals.liveGrants('acme', agent.id)).toEqual([]);
      expect(await epoch()).toBe(3);
      await expect(approvals.revokeGrant(admin, 'acme', grant!.id)).rejects.toMatchObject({ name: 'NotFoundError' });
    });

    it('removes the grants that expired, each with a change record by the sweep, and keeps the live ones', async () => {
      const early = await approvals.open(ask('low', 'early'));
      await approvals.approve(lead, 'acme', early.id);
      clock.advance(20 * 60_000);
      const late = await approvals.open(ask('low', 'late'));
      await approvals.approve(lead, 'acme', late.id);
      clock.advance(15 * 60_000); // the first grant (30 min) has expired, the second has 15 min left
      expect(await approvals.removeExpiredGrants('acme', { type: 'system', name: 'hygiene' })).toBe(1);
      const left = await stores.approvals.grantsOf('acme', agent.id);
      expect(left.map((grant) => grant.resource)).toEqual(['late']);
      expect((await changeActions()).filter((action) => action === 'grant.revoked')).toHaveLength(1);
      expect(await approvals.removeExpiredGrants('acme', { type: 'system', name: 'hygiene' })).toBe(0);
    });

    it('cancels the pending approvals of an agent that left, stopping their workflows, and revokes its grants', async () => {
      const granted = await approvals.open(ask('low', 'granted'));
      await approvals.approve(lead, 'acme', granted.id);
      const pending = await approvals.open(ask('low', 'pending'));

      expect(await approvals.agentLeft('acme', agent.id, 'decommissioned')).toEqual({ cancelled: 1, revoked: 1 });

      expect(await approvals.get(admin, 'acme', pending.id)).toMatchObject({ status: 'cancelled', comment: 'decommissioned' });
      expect(recorder.calls.stopped).toEqual([`arn:local:execution:${pending.id}`]);
      expect(await stores.approvals.grantsOf('acme', agent.id)).toEqual([]);
    });
  });

  describe('Method: list', () => {
    it('lists only the pending approvals the caller may decide now, page after page', async () => {
      const opened = [await approvals.open(ask('low', 'a')), await approvals.open(ask('high', 'b')), await approvals.open(ask('low', 'c'))];
      const first = await approvals.list(lead, 'acme', { status: 'pending', limit: 1 });
      expect(first.items.map((approval) => approval.id)).toEqual([opened[0]!.id]);
      const second = await approvals.list(lead, 'acme', { status: 'pending', limit: 1, cursor: first.nextCursor });
      expect(second.items.map((approval) => approval.id)).toEqual([opened[2]!.id]);
      expect((await approvals.list(owner, 'acme', { status: 'pending', limit: 10 })).items).toEqual([]);
    });
  });

  describe('Access requests', () => {
    const principal = (): AgentPrincipal => ({ kind: 'agent', tenantId: 'acme', agentId: agent.id, keyId: 'key_1' });

    it('opens an approval for a request policy sends to review, and shows the agent its state and grant', async () => {
      const evaluate = async () => ({
        tenant,
        agent: ask().agent,
        decision: {
          effect: 'require_approval' as const,
          reason: 'review',
          rule: { id: 'deploys', scope: 'tenant', version: 1 },
          risk: 'low' as const,
          grantMinutes: 120,
          warnings: [],
          consulted: [],
        },
      });
      const requested = await approvals.requestAccess(
        principal(),
        { action: 'deploy', resource: 'service-a', minutes: 45, justification: 'hotfix' },
        evaluate,
      );
      expect(requested).toMatchObject({ status: 'pending', grantMinutes: 45 });

      await approvals.approve(lead, 'acme', requested.approvalId!);
      expect(await approvals.getAccessRequest(principal(), requested.id)).toMatchObject({
        status: 'approved',
        grant: { expiresAt: isoAt(START + 45 * 60_000) },
      });
      await expect(approvals.getAccessRequest({ ...principal(), agentId: 'agt_someone_else' }, requested.id)).rejects.toMatchObject({
        name: 'NotFoundError',
      });
    });

    it('answers not_required without an approval when policy already allows', async () => {
      const evaluate = async () => ({
        tenant,
        agent: ask().agent,
        decision: { effect: 'allow' as const, reason: 'fine', warnings: [], consulted: [] },
      });
      expect(await approvals.requestAccess(principal(), { action: 'read', minutes: 5, justification: 'look' }, evaluate)).toMatchObject({
        status: 'not_required',
      });
      expect(recorder.calls.started).toEqual([]);
    });
  });
});
