/**
 * The ApprovalStore contract (shared/approvals/approval-store.ts), run against every
 * implementation: in memory (test/unit/contract) and on DynamoDB Local (test/integration/contract).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type Approval, requestKeyOf } from '../../shared/approvals/approval';
import type { ApprovalStore } from '../../shared/approvals/approval-store';
import type { AccessRequest, Grant } from '../../shared/approvals/grant';
import type { AuditReader } from '../../shared/audit/audit-reader';
import type { TenancyStore } from '../../shared/tenancy/tenancy-store';
import { isoAt } from '../../shared/kernel/clock';
import { createIdGenerator, firstIdAt } from '../../shared/kernel/ids';
import { aKey, anAgent, aTenant } from '../support/tenancy-fixtures';
import { AT, changeOf, changesOf, unique } from './contract-fixtures';

export interface ApprovalStoreFixture {
  readonly store: ApprovalStore;
  /** Creates the tenants whose epoch grants bump and the agents decisions are guarded on. */
  readonly tenancy: TenancyStore;
  /** Reads back the change records written with each change. */
  readonly audit: AuditReader;
}

let sequence = 0;
const approvalId = () => `apr_${String(++sequence).padStart(26, '0')}`;

function anApproval(tenantId: string, overrides: Partial<Approval> = {}): Approval {
  const agent = { id: 'agt_1', name: 'bot', team: 'ops', role: 'bot', environment: 'prod', owner: 'owner' };
  const request = { action: 'deploy', resource: 'service-a' };
  return {
    id: approvalId(),
    tenantId,
    agent,
    request,
    requestKey: requestKeyOf(agent.id, request),
    risk: 'low',
    rule: { id: 'deploys', scope: 'tenant', version: 1 },
    reason: 'needs approval',
    grantMinutes: 30,
    origin: { type: 'decision', decisionId: 'dec_1' },
    status: 'pending',
    requiredApprovals: 1,
    approvals: [],
    escalated: false,
    deadlineAt: '2026-11-24T14:00:00.000Z',
    createdAt: AT,
    updatedAt: AT,
    version: 1,
    ...overrides,
  };
}

const approved = (approval: Approval, grant?: Grant): Approval => ({
  ...approval,
  status: 'approved',
  approvals: [{ by: 'lead', level: 'team-lead', at: '2026-11-24T10:05:00.000Z' }],
  decidedAt: '2026-11-24T10:05:00.000Z',
  decidedBy: 'lead',
  updatedAt: '2026-11-24T10:05:00.000Z',
  ...(grant ? { grant: { id: grant.id, expiresAt: grant.expiresAt } } : {}),
  version: approval.version + 1,
});

const aGrant = (approval: Approval, overrides: Partial<Grant> = {}): Grant => ({
  id: `gnt_${String(++sequence).padStart(26, '0')}`,
  tenantId: approval.tenantId,
  agentId: approval.agent.id,
  team: approval.agent.team,
  ...approval.request,
  approvalId: approval.id,
  issuedAt: '2026-11-24T10:05:00.000Z',
  expiresAt: '2026-11-24T10:35:00.000Z',
  approvedBy: ['lead'],
  ...overrides,
});

export function describeApprovalStoreContract(name: string, makeFixture: () => Promise<ApprovalStoreFixture>) {
  describe(`ApprovalStore contract: ${name}`, () => {
    let store: ApprovalStore;
    let tenancy: TenancyStore;
    let audit: AuditReader;

    beforeAll(async () => {
      ({ store, tenancy, audit } = await makeFixture());
    });

    async function aTenantNamed(prefix: string) {
      const tenantId = unique(prefix);
      await tenancy.createTenant(aTenant(tenantId, { epoch: 1 }), changeOf(tenantId, 'tenant.onboarded'));
      return tenantId;
    }
    const epochOf = async (tenantId: string) => (await tenancy.getTenant(tenantId, { consistent: true }))?.epoch;
    const requested = (approval: Approval) => changeOf(approval.tenantId, 'approval.requested', { type: 'approval', id: approval.id });
    const open = async (approval: Approval) => (await store.openOrJoin(approval, requested(approval))).approval;

    describe('Method: openOrJoin', () => {
      it('opens an approval, and joins a second ask for the same agent and request to it', async () => {
        const tenantId = unique('join');
        const first = anApproval(tenantId);
        expect(await store.openOrJoin(first, requested(first))).toEqual({ approval: first, created: true });
        const second = anApproval(tenantId);
        expect(await store.openOrJoin(second, requested(second))).toEqual({ approval: first, created: false });
        expect(await store.getApproval(tenantId, second.id)).toBeUndefined();
        expect(await changesOf(audit, tenantId)).toEqual([{ action: 'approval.requested', target: { type: 'approval', id: first.id } }]);
      });

      it('opens apart what differs in request or agent', async () => {
        const tenantId = unique('apart');
        const first = anApproval(tenantId);
        const other = anApproval(tenantId, {
          request: { action: 'deploy', resource: 'service-b' },
          requestKey: requestKeyOf('agt_1', { action: 'deploy', resource: 'service-b' }),
        });
        expect((await store.openOrJoin(other, requested(other))).created).toBe(true);
        expect((await store.openOrJoin(first, requested(first))).created).toBe(true);
      });

      it('opens a new approval for the same request once the first one settled', async () => {
        const tenantId = await aTenantNamed('reopen');
        const first = await open(anApproval(tenantId));
        await store.saveApproval({ ...first, status: 'rejected', decidedAt: AT, decidedBy: 'lead', version: 2 }, 1, [
          changeOf(tenantId, 'approval.rejected'),
        ]);
        const again = anApproval(tenantId);
        expect(await store.openOrJoin(again, requested(again))).toEqual({ approval: again, created: true });
      });

      it('joins each of several concurrent asks for one request to one approval', async () => {
        const tenantId = unique('concurrent');
        const asks = Array.from({ length: 5 }, () => anApproval(tenantId));
        const outcomes = await Promise.all(asks.map((ask) => store.openOrJoin(ask, requested(ask))));
        expect(outcomes.filter((outcome) => outcome.created)).toHaveLength(1);
        expect(new Set(outcomes.map((outcome) => outcome.approval.id)).size).toBe(1);
      });
    });

    describe('Method: listApprovals', () => {
      it('lists the approvals of one status in id order, page after page, and moves them when they settle', async () => {
        const tenantId = await aTenantNamed('list');
        const opened: Approval[] = [];
        for (const resource of ['a', 'b', 'c']) {
          const request = { action: 'deploy', resource };
          opened.push(await open(anApproval(tenantId, { request, requestKey: requestKeyOf('agt_1', request) })));
        }
        const first = await store.listApprovals(tenantId, 'pending', { limit: 2 });
        expect(first.items.map((approval) => approval.id)).toEqual([opened[0]!.id, opened[1]!.id]);
        expect(first.more).toBe(true);
        expect(await store.listApprovals(tenantId, 'pending', { limit: 2, after: opened[1]!.id })).toEqual({
          items: [opened[2]],
          more: false,
        });

        await store.saveApproval(approved(opened[1]!), 1, [changeOf(tenantId, 'approval.approved')]);
        expect((await store.listApprovals(tenantId, 'pending', { limit: 10 })).items.map((approval) => approval.id)).toEqual([
          opened[0]!.id,
          opened[2]!.id,
        ]);
        expect((await store.listApprovals(tenantId, 'approved', { limit: 10 })).items).toEqual([approved(opened[1]!)]);
        expect(await store.listApprovals(unique('someone-else'), 'pending', { limit: 10 })).toEqual({ items: [], more: false });
      });
    });

    describe('Method: listRecentApprovals', () => {
      it('lists the approvals of one status newest first, down to an id, at most the limit', async () => {
        const tenantId = await aTenantNamed('recent');
        const opened: Approval[] = [];
        for (const [resource, minutes] of [
          ['a', 0],
          ['b', 30],
          ['c', 60],
        ] as const) {
          const request = { action: 'deploy', resource };
          const at = Date.parse(AT) + minutes * 60_000;
          const id = createIdGenerator({ nowMs: () => at }).next('apr');
          opened.push(await open(anApproval(tenantId, { id, request, requestKey: requestKeyOf('agt_1', request), createdAt: isoAt(at) })));
        }
        const idsOf = (page: { items: readonly Approval[] }) => page.items.map((approval) => approval.id);
        const [a, b, c] = opened.map((approval) => approval.id);
        expect(await store.listRecentApprovals(tenantId, 'pending', { limit: 10 })).toEqual({
          items: [opened[2], opened[1], opened[0]],
          more: false,
        });
        expect(
          idsOf(await store.listRecentApprovals(tenantId, 'pending', { limit: 10, since: firstIdAt('apr', Date.parse(AT) + 30 * 60_000) })),
        ).toEqual([c, b]);
        expect(await store.listRecentApprovals(tenantId, 'pending', { limit: 1, since: firstIdAt('apr', Date.parse(AT)) })).toEqual({
          items: [opened[2]],
          more: true,
        });
        expect(idsOf(await store.listRecentApprovals(tenantId, 'pending', { limit: 10, since: b! }))).toEqual([c, b]);

        await store.saveApproval(approved(opened[0]!), 1, [changeOf(tenantId, 'approval.approved')]);
        expect(idsOf(await store.listRecentApprovals(tenantId, 'approved', { limit: 10 }))).toEqual([a]);
        expect(idsOf(await store.listRecentApprovals(tenantId, 'pending', { limit: 10 }))).toEqual([c, b]);
        expect(await store.listRecentApprovals(unique('someone-else'), 'pending', { limit: 10 })).toEqual({ items: [], more: false });
      });
    });

    describe('Method: saveApproval', () => {
      it('replaces an approval only from the version read (ConflictError version_conflict otherwise), with its change records', async () => {
        const tenantId = await aTenantNamed('save');
        const approval = await open(anApproval(tenantId));
        const escalated = { ...approval, escalated: true, version: 2 };
        await store.saveApproval(escalated, 1, [changeOf(tenantId, 'approval.escalated')]);
        await expect(
          store.saveApproval({ ...approval, status: 'expired', version: 2 }, 1, [changeOf(tenantId, 'approval.expired')]),
        ).rejects.toMatchObject({ name: 'ConflictError', code: 'version_conflict' });
        expect(await store.getApproval(tenantId, approval.id)).toEqual(escalated);
        expect((await changesOf(audit, tenantId)).map((change) => change.action)).toEqual([
          'tenant.onboarded',
          'approval.requested',
          'approval.escalated',
        ]);
      });

      it('writes the grant with its approval and bumps the tenant epoch', async () => {
        const tenantId = await aTenantNamed('grant');
        const approval = await open(anApproval(tenantId));
        const grant = aGrant(approval);
        await store.saveApproval(
          approved(approval, grant),
          1,
          [changeOf(tenantId, 'approval.approved'), changeOf(tenantId, 'grant.issued')],
          grant,
        );
        expect(await store.grantsOf(tenantId, approval.agent.id)).toEqual([grant]);
        expect(await store.getGrant(tenantId, grant.id)).toEqual(grant);
        expect(await store.listGrants(tenantId, { limit: 10 })).toEqual({ items: [grant], more: false });
        expect(await epochOf(tenantId)).toBe(2);
        expect((await changesOf(audit, tenantId)).map((change) => change.action)).toEqual([
          'tenant.onboarded',
          'approval.requested',
          'approval.approved',
          'grant.issued',
        ]);
      });

      it('writes a decision guarded on the agent only while the agent is at the version checked', async () => {
        const tenantId = await aTenantNamed('guard');
        const agent = anAgent(tenantId, { version: 3 });
        await tenancy.createAgent(agent, aKey(tenantId, agent.id), changeOf(tenantId));
        const approval = await open(anApproval(tenantId));
        const grant = aGrant(approval);
        await expect(
          store.saveApproval(approved(approval, grant), 1, [changeOf(tenantId)], grant, { agentId: agent.id, agentVersion: 2 }),
        ).rejects.toMatchObject({ name: 'ConflictError', code: 'version_conflict' });
        await expect(
          store.saveApproval(approved(approval), 1, [changeOf(tenantId)], undefined, { agentId: `agt_${'Z'.repeat(26)}`, agentVersion: 1 }),
        ).rejects.toMatchObject({ name: 'ConflictError' });
        expect(await store.getApproval(tenantId, approval.id)).toEqual(approval);
        expect(await store.grantsOf(tenantId, approval.agent.id)).toEqual([]);
        expect(await epochOf(tenantId)).toBe(1);
        await store.saveApproval(approved(approval, grant), 1, [changeOf(tenantId)], grant, { agentId: agent.id, agentVersion: 3 });
        expect((await store.getApproval(tenantId, approval.id))?.status).toBe('approved');
      });
    });

    describe('Method: getAgentOwnership', () => {
      it('reads the owner, owner history, registration and version of an agent, and nothing of one that does not exist', async () => {
        const tenantId = await aTenantNamed('ownership');
        const history = [{ owner: 'alice', from: AT, setBy: 'admin', via: 'registered' as const }];
        const agent = anAgent(tenantId, { owner: 'alice', ownerHistory: history, version: 4 });
        await tenancy.createAgent(agent, aKey(tenantId, agent.id), changeOf(tenantId));
        expect(await store.getAgentOwnership(tenantId, agent.id)).toEqual({
          owner: 'alice',
          ownerHistory: history,
          createdAt: agent.createdAt,
          createdBy: agent.createdBy,
          version: 4,
        });
        expect(await store.getAgentOwnership(tenantId, `agt_${'Y'.repeat(26)}`)).toBeUndefined();
      });
    });

    describe('Methods: setTaskToken and setExecution', () => {
      it('records a task token only while the approval is pending, each one a new version', async () => {
        const tenantId = await aTenantNamed('token');
        const approval = await open(anApproval(tenantId));
        expect(await store.setTaskToken(tenantId, approval.id, 'token-1')).toBe(true);
        expect(await store.getApproval(tenantId, approval.id)).toMatchObject({ taskToken: 'token-1', version: 2 });
        await store.saveApproval({ ...approved(approval), version: 3 }, 2, [changeOf(tenantId)]);
        expect(await store.setTaskToken(tenantId, approval.id, 'token-2')).toBe(false);
        expect(await store.setTaskToken(tenantId, 'apr_missing', 'token-3')).toBe(false);
      });

      it('records the execution of an approval, and refuses one for an approval that does not exist', async () => {
        const tenantId = await aTenantNamed('execution');
        const approval = await open(anApproval(tenantId));
        await store.setExecution(tenantId, approval.id, 'arn:execution:1');
        expect(await store.getApproval(tenantId, approval.id)).toMatchObject({ executionArn: 'arn:execution:1', version: 1 });
        await expect(store.setExecution(tenantId, 'apr_missing', 'arn:execution:2')).rejects.toThrow();
        expect(await store.getApproval(tenantId, 'apr_missing')).toBeUndefined();
      });
    });

    describe('Grants', () => {
      it('revokes a grant once, bumping the epoch with its change record; a second revocation finds nothing', async () => {
        const tenantId = await aTenantNamed('revoke');
        const approval = await open(anApproval(tenantId));
        const grant = aGrant(approval);
        await store.saveApproval(approved(approval, grant), 1, [changeOf(tenantId)], grant);
        expect(await store.revokeGrant(grant, changeOf(tenantId, 'grant.revoked'))).toBe(true);
        expect(await store.revokeGrant(grant, changeOf(tenantId, 'grant.revoked'))).toBe(false);
        expect(await store.grantsOf(tenantId, grant.agentId)).toEqual([]);
        expect(await store.getGrant(tenantId, grant.id)).toBeUndefined();
        expect(await epochOf(tenantId)).toBe(3);
        expect((await changesOf(audit, tenantId)).filter((change) => change.action === 'grant.revoked')).toHaveLength(1);
      });

      it("keeps grants past their expiry (the caller judges expiry), each agent's apart, in id order", async () => {
        const tenantId = await aTenantNamed('grants');
        const first = await open(anApproval(tenantId));
        const expired = aGrant(first, { expiresAt: '2020-01-01T00:00:00.000Z' });
        await store.saveApproval(approved(first, expired), 1, [changeOf(tenantId)], expired);
        const request = { action: 'deploy', resource: 'other' };
        const second = await open(
          anApproval(tenantId, { agent: { ...first.agent, id: 'agt_2' }, request, requestKey: requestKeyOf('agt_2', request) }),
        );
        const live = aGrant(second);
        await store.saveApproval(approved(second, live), 1, [changeOf(tenantId)], live);
        expect(await store.grantsOf(tenantId, 'agt_1')).toEqual([expired]);
        expect(await store.grantsOf(tenantId, 'agt_2')).toEqual([live]);
        expect(await store.listGrants(tenantId, { limit: 1 })).toEqual({ items: [expired], more: true });
        expect(await store.listGrants(tenantId, { limit: 1, after: expired.id })).toEqual({ items: [live], more: false });
      });
    });

    describe('Access requests', () => {
      it('keeps an access request with its change record, and finds nothing under another id or tenant', async () => {
        const tenantId = await aTenantNamed('access');
        const request: AccessRequest = {
          id: 'acr_1',
          tenantId,
          agentId: 'agt_1',
          request: { action: 'deploy' },
          minutes: 30,
          justification: 'release',
          outcome: 'not_required',
          reason: 'allowed',
          createdAt: AT,
        };
        await store.putAccessRequest(request, changeOf(tenantId, 'access_request.created'));
        expect(await store.getAccessRequest(tenantId, 'acr_1')).toEqual(request);
        expect(await store.getAccessRequest(tenantId, 'acr_2')).toBeUndefined();
        expect(await store.getAccessRequest(unique('other'), 'acr_1')).toBeUndefined();
        await expect(store.putAccessRequest({ ...request, reason: 'again' }, changeOf(tenantId))).rejects.toThrow();
        expect((await changesOf(audit, tenantId)).map((change) => change.action)).toContain('access_request.created');
      });
    });
  });
}
