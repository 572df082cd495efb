/**
 * Separation of duties that cannot be edited away (security review, point 4): the agent's owner,
 * anyone who owned it in the 30 days before an approval opened or while it was pending, and anyone
 * who changed its owner in that time may not decide its approvals. Over HTTP on the local runtime,
 * and on DynamoDB Local for the race between an owner change and a decision.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDynamoDbApprovalStore } from '../../shared/adapters/dynamodb/dynamodb-approval-store';
import { createDynamoDbTenancyStore } from '../../shared/adapters/dynamodb/dynamodb-tenancy-store';
import { singleClient } from '../../shared/adapters/dynamodb/tenant-clients';
import type { ApprovalStore } from '../../shared/approvals/approval-store';
import { createApprovals } from '../../shared/approvals/approvals';
import type { OperatorPrincipal } from '../../shared/auth/principal';
import { createAdjustableClock } from '../../shared/kernel/clock';
import { createIdGenerator } from '../../shared/kernel/ids';
import { createPageCursorCodec } from '../../shared/kernel/page-cursor';
import { createAgentRegistry } from '../../shared/tenancy/agent-registry';
import { MAX_OWNER_TERMS } from '../../shared/tenancy/owner-history';
import { createTeamsAndRoles } from '../../shared/tenancy/teams-and-roles';
import { createTenantManagement } from '../../shared/tenancy/tenant-management';
import { createTestTables } from '../support/test-tables';
import { unique, wardenClient } from '../support/warden-client';

const api = wardenClient(inject('runtimeUrl'), inject('runtimeDataDir'));
const DAY_MS = 86_400_000;

describe('Separation of duties over HTTP', () => {
  let tenantId: string;
  let admin: string;
  const path = (rest: string) => `/v1/tenants/${tenantId}${rest}`;
  /** A team lead of `ops` with this JWT sub. */
  const teamLead = (sub: string) => api.token({ sub, roles: ['team-lead'], tenant: tenantId, teams: ['ops'] });
  let n = 0;
  /** Asks for a fresh request that needs a team lead's approval; returns the approval id. */
  async function askApproval(apiKey: string): Promise<{ approvalId: string; request: object }> {
    const request = { action: 'deploy:service', resource: `svc-${++n}` };
    const asked = await api.request('POST', '/v1/authorize', { token: apiKey, body: request });
    expect(asked.status).toBe(200);
    expect(asked.body.effect).toBe('require_approval');
    return { approvalId: asked.body.approvalId as string, request };
  }
  async function register(token: string, owner: string) {
    const registered = await api.post(path('/agents'), token, { name: 'deployer', team: 'ops', role: 'bot', environment: 'prod', owner });
    expect(registered.status).toBe(201);
    return { id: registered.body.agent.id as string, apiKey: registered.body.apiKey as string };
  }
  const setOwner = (token: string, agentId: string, owner: string) => api.patch(path(`/agents/${agentId}`), token, { owner });
  const approve = (token: string, approvalId: string) => api.post(path(`/approvals/${approvalId}/approve`), token, { comment: 'ok' });

  beforeAll(async () => {
    const platform = await api.token({ roles: ['platform-admin'] });
    tenantId = unique('sod');
    expect((await api.post('/v1/tenants', platform, { id: tenantId, name: 'SoD', tier: 'business', environments: ['prod'] })).status).toBe(
      201,
    );
    admin = await api.token({ sub: 'root@corp', roles: ['tenant-admin'], tenant: tenantId });
    expect((await api.post(path('/teams'), admin, { name: 'ops' })).status).toBe(201);
    expect((await api.put(path('/roles/bot'), admin, { description: 'bot' })).status).toBe(201);
    expect(
      (
        await api.put(path('/policies/tenant'), admin, {
          reason: 'r',
          rules: [{ id: 'deploys', effect: 'require_approval', actions: ['deploy:*'], risk: 'low' }],
        })
      ).status,
    ).toBe(201);
    expect((await api.post(path('/policies/tenant/versions/1/publish'), admin, { reason: 'r' })).status).toBe(200);
  });

  afterAll(async () => {
    await api.setClockOffset(0);
  });

  it("refuses a team lead who renamed its agent's owner to a made-up name as approver of the agent's next approval", async () => {
    const lead = await teamLead('lead@corp');
    const agent = await register(lead, 'lead@corp');
    const before = await askApproval(agent.apiKey);
    expect((await approve(lead, before.approvalId)).body.error.code).toBe('owner_cannot_approve');

    // The attack: rename the owner, then approve.
    const renamed = await setOwner(lead, agent.id, 'nobody@corp');
    expect(renamed.status).toBe(200);
    expect(renamed.body.ownerHistory).toEqual([
      expect.objectContaining({ owner: 'lead@corp', setBy: 'lead@corp', via: 'registered', until: expect.any(String) }),
      expect.objectContaining({ owner: 'nobody@corp', setBy: 'lead@corp', via: 'changed' }),
    ]);
    const next = await askApproval(agent.apiKey);
    const refused = await approve(lead, next.approvalId);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('owner_cannot_approve');
    expect((await approve(lead, before.approvalId)).status).toBe(403); // the approval opened before the rename too

    // Nothing was granted, and the lead is not offered the approval to decide.
    expect((await api.request('POST', '/v1/authorize', { token: agent.apiKey, body: next.request })).body.effect).toBe('require_approval');
    expect((await api.get(path('/approvals?status=pending'), lead)).body.items.map((a: { id: string }) => a.id)).not.toContain(
      next.approvalId,
    );

    // The rename is in the audit log, with who made it.
    const changes = await api.get(path(`/audit?kind=change&agentId=${agent.id}`), admin);
    expect(changes.body.items).toContainEqual(
      expect.objectContaining({
        action: 'agent.updated',
        actor: { type: 'operator', sub: 'lead@corp' },
        after: expect.objectContaining({ owner: 'nobody@corp' }),
      }),
    );
  });

  it('refuses a former owner whom someone else replaced, and an owner named while the approval was pending', async () => {
    const alice = await teamLead('alice@corp');
    const carol = await teamLead('carol@corp');
    const agent = await register(admin, 'alice@corp');
    expect((await setOwner(admin, agent.id, 'bob@corp')).status).toBe(200);
    const { approvalId } = await askApproval(agent.apiKey);
    expect((await approve(alice, approvalId)).body.error).toMatchObject({ code: 'owner_cannot_approve' });

    expect((await setOwner(admin, agent.id, 'carol@corp')).status).toBe(200); // while pending
    const byCarol = await approve(carol, approvalId);
    expect(byCarol.status).toBe(403);
    expect(byCarol.body.error.code).toBe('owner_cannot_approve');
  });

  it('refuses whoever changed the owner, and lets an uninvolved team lead approve', async () => {
    const changer = await teamLead('changer@corp');
    const bystander = await teamLead('bystander@corp');
    const agent = await register(admin, 'dev@corp');
    expect((await setOwner(changer, agent.id, 'ghost@corp')).status).toBe(200);
    const { approvalId, request } = await askApproval(agent.apiKey);

    const refused = await approve(changer, approvalId);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('owner_changer_cannot_approve');
    expect((await api.post(path(`/approvals/${approvalId}/reject`), changer, {})).status).toBe(403);

    const approved = await approve(bystander, approvalId);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', decidedBy: 'bystander@corp', grant: { id: expect.stringMatching(/^gnt_/) } });
    expect((await api.request('POST', '/v1/authorize', { token: agent.apiKey, body: request })).body.effect).toBe('allow');
  });

  it('cannot push a former owner out of the owner history by flooding it with changes', async () => {
    const lead = await teamLead('flooder@corp');
    const agent = await register(lead, 'flooder@corp');
    for (let i = 1; i < MAX_OWNER_TERMS; i++) expect((await setOwner(lead, agent.id, `puppet-${i}@corp`)).status).toBe(200);
    const full = await setOwner(lead, agent.id, 'one-too-many@corp');
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe('owner_history_full');
    const { approvalId } = await askApproval(agent.apiKey);
    expect((await approve(lead, approvalId)).status).toBe(403);
  });

  it('lets a former owner and the changer approve again once the owner change is older than the window', async () => {
    const former = await teamLead('former@corp');
    const changer = await teamLead('old-changer@corp');
    const agent = await register(former, 'former@corp');
    expect((await setOwner(changer, agent.id, 'successor@corp')).status).toBe(200);
    try {
      await api.setClockOffset(31 * DAY_MS);
      const first = await askApproval(agent.apiKey);
      expect((await approve(former, first.approvalId)).status).toBe(200);
      const second = await askApproval(agent.apiKey);
      expect((await approve(changer, second.approvalId)).status).toBe(200);
    } finally {
      await api.setClockOffset(0);
    }
  });

  it("answers another tenant's operators 403 on this tenant's approvals and agents, whatever exists", async () => {
    const agent = await register(admin, 'someone@corp');
    const { approvalId } = await askApproval(agent.apiKey);
    const platform = await api.token({ roles: ['platform-admin'] });
    const otherTenant = unique('sod-other');
    expect(
      (await api.post('/v1/tenants', platform, { id: otherTenant, name: 'Other', tier: 'business', environments: ['prod'] })).status,
    ).toBe(201);
    const intruder = await api.token({ sub: 'root@corp', roles: ['tenant-admin'], tenant: otherTenant });
    const real = await approve(intruder, approvalId);
    const made = await approve(intruder, 'apr_00000000000000000000000000');
    expect([real.status, made.status]).toEqual([403, 403]);
    expect(real.body.error.code).toBe(made.body.error.code);
    const history = await api.get(path(`/agents/${agent.id}`), intruder);
    expect(history.status).toBe(403);
    expect(JSON.stringify(history.body)).not.toContain('someone@corp');
  });
});

describe('Separation of duties against a concurrent owner change (DynamoDB Local)', () => {
  it('re-judges a decision whose agent changed owner between the history read and the write', async () => {
    // Prepare: a tenant, team, role and agent in fresh tables.
    const tables = await createTestTables();
    const clients = singleClient(tables.documentClient);
    const clock = createAdjustableClock();
    const ids = createIdGenerator(clock);
    const cursors = createPageCursorCodec('s'.repeat(40));
    const tenancy = { store: createDynamoDbTenancyStore(clients, tables.names), clock, ids, cursors };
    const platform: OperatorPrincipal = { kind: 'operator', sub: 'p', roles: ['platform-admin'], teams: [] };
    const admin: OperatorPrincipal = { kind: 'operator', sub: 'admin', tenantId: 'race', roles: ['tenant-admin'], teams: [] };
    const racer: OperatorPrincipal = { kind: 'operator', sub: 'racer', tenantId: 'race', roles: ['team-lead'], teams: ['ops'] };
    const tenant = await createTenantManagement(tenancy).onboard(platform, {
      id: 'race',
      name: 'Race',
      tier: 'business',
      environments: ['prod'],
      retentionDays: 30,
      settings: { apiKeyTtlDays: 90, approvalTimeoutMinutes: 240 },
    });
    await createTeamsAndRoles(tenancy).createTeam(admin, 'race', { name: 'ops' });
    await createTeamsAndRoles(tenancy).putRole(admin, 'race', 'bot', { description: 'bot' });
    const registry = createAgentRegistry(tenancy);
    const { agent } = await registry.register(admin, 'race', {
      name: 'bot',
      team: 'ops',
      role: 'bot',
      environment: 'prod',
      owner: 'owner',
    });

    // The store makes the owner change land right after the decision reads the history (once).
    const real = createDynamoDbApprovalStore(clients, tables.names);
    let raced = false;
    const store: ApprovalStore = {
      ...real,
      async getAgentOwnership(tenantId, agentId) {
        const read = await real.getAgentOwnership(tenantId, agentId);
        if (!raced) {
          raced = true;
          await registry.update(admin, 'race', agentId, { owner: 'racer' });
        }
        return read;
      },
    };
    const workflow = { start: async () => 'arn:local:execution', complete: async () => undefined, stop: async () => undefined };
    const approvals = createApprovals({
      store,
      workflow,
      tenants: { get: (id) => tenancy.store.getTenant(id, { consistent: true }) },
      clock,
      ids,
      timeoutSecondsPerMinute: 60,
      cursors,
    });
    const opened = await approvals.open({
      tenant,
      agent: { id: agent.id, name: agent.name, team: 'ops', role: 'bot', environment: 'prod', owner: 'owner' },
      request: { action: 'deploy' },
      decision: { risk: 'low', reason: 'needs approval' },
      origin: { type: 'decision', decisionId: 'dec_1' },
    });

    // Act + Assess: the stale read would let the racer through; the write is refused and the retry sees the racer as owner.
    await expect(approvals.approve(racer, 'race', opened.id)).rejects.toMatchObject({ code: 'owner_cannot_approve' });
    expect(raced).toBe(true);
    expect((await approvals.get(admin, 'race', opened.id)).status).toBe('pending');
  });
});
