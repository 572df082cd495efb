/**
 * Least privilege, as a hostile reviewer would check it: tenant-scoped work (onboarding, agents,
 * policies and their publish gate, decisions, audit) runs against DynamoDB Local through a
 * TenantClients double that enforces the tenant access role's policy — a tenant's client may touch
 * only that tenant's keys, the shared client may only read org and platform partitions, and there
 * is no platform client at all (test/support/tenant-role-emulator.ts). Only the org policy is
 * written with platform credentials, as the cross-tenant org-policy function does.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbApprovalStore } from '../../shared/adapters/dynamodb/dynamodb-approval-store';
import { createDynamoDbDecisionStore } from '../../shared/adapters/dynamodb/dynamodb-decision-store';
import { createDynamoDbPolicyStore } from '../../shared/adapters/dynamodb/dynamodb-policy-store';
import { createDynamoDbQuotaStore } from '../../shared/adapters/dynamodb/dynamodb-quota-store';
import { createDynamoDbTenancyStore } from '../../shared/adapters/dynamodb/dynamodb-tenancy-store';
import { singleClient, type TenantClients } from '../../shared/adapters/dynamodb/tenant-clients';
import { createApprovals } from '../../shared/approvals/approvals';
import type { OperatorPrincipal } from '../../shared/auth/principal';
import { createAuditLog } from '../../shared/decisions/audit-log';
import { createDecisionService } from '../../shared/decisions/decision-service';
import { createPolicySource } from '../../shared/decisions/policy-source';
import { createFixedClock } from '../../shared/kernel/clock';
import { createIdGenerator } from '../../shared/kernel/ids';
import { createPageCursorCodec } from '../../shared/kernel/page-cursor';
import { createPolicyCompiler } from '../../shared/policy/compile';
import { createPolicyLifecycle } from '../../shared/policy-lifecycle/policy-lifecycle';
import { ORG_OWNER } from '../../shared/policy-lifecycle/policy-version';
import { createQuotaLeases } from '../../shared/quotas/quota-leases';
import { createAgentRegistry } from '../../shared/tenancy/agent-registry';
import { createTeamsAndRoles } from '../../shared/tenancy/teams-and-roles';
import { createTenantManagement } from '../../shared/tenancy/tenant-management';
import { createTenantStateCache } from '../../shared/tenancy/tenant-state-cache';
import { emulateTenantRole, type TenantRoleEmulator } from '../support/tenant-role-emulator';
import { createTestTables, type TestTables } from '../support/test-tables';

const platformAdmin: OperatorPrincipal = { kind: 'operator', sub: 'root', roles: ['platform-admin'], teams: [] };
const admin: OperatorPrincipal = { kind: 'operator', sub: 'alice', tenantId: 'acme', roles: ['tenant-admin'], teams: [] };
const onboarding = {
  name: 'Acme',
  tier: 'business',
  environments: ['prod'],
  retentionDays: 30,
  settings: { apiKeyTtlDays: 90, approvalTimeoutMinutes: 240 },
};

/** The use cases a function composes, over `clients`. */
function compose(clients: TenantClients, tables: TestTables) {
  const clock = createFixedClock(Date.parse('2026-11-24T10:00:00.000Z'));
  const ids = createIdGenerator(clock);
  const cursors = createPageCursorCodec('s'.repeat(40));
  const tenancy = createDynamoDbTenancyStore(clients, tables.names);
  const policies = createDynamoDbPolicyStore(clients, tables.names);
  const decisionStore = createDynamoDbDecisionStore(clients, tables.names);
  const approvalStore = createDynamoDbApprovalStore(clients, tables.names);
  const tenants = createTenantStateCache({ store: tenancy, clock, stalenessMs: 0 });
  const compiler = createPolicyCompiler();
  const deps = { store: tenancy, clock, ids, cursors };
  const noWorkflow = { start: async () => 'unused', complete: async () => undefined, stop: async () => undefined };
  return {
    tenants: createTenantManagement(deps),
    teamsAndRoles: createTeamsAndRoles(deps),
    agents: createAgentRegistry(deps),
    lifecycle: createPolicyLifecycle({ store: policies, audit: decisionStore, tenancy, compiler, clock, ids, cursors }),
    decisions: createDecisionService({
      tenants,
      source: createPolicySource({ tenancy, policies, grants: approvalStore, clock, stalenessMs: 0 }),
      approvals: createApprovals({ store: approvalStore, workflow: noWorkflow, tenants, clock, ids, timeoutSecondsPerMinute: 60, cursors }),
      compiler,
      store: decisionStore,
      quotas: createQuotaLeases({ store: createDynamoDbQuotaStore(clients, tables.names), clock }),
      clock,
      ids,
    }),
    auditLog: createAuditLog({ store: decisionStore, cursors, clock }),
  };
}

describe('Least privilege: tenant-scoped work under the tenant access role', () => {
  let tables: TestTables;
  let role: TenantRoleEmulator;
  let tenantScoped: ReturnType<typeof compose>;
  let agentId: string;

  beforeAll(async () => {
    tables = await createTestTables();
    role = emulateTenantRole({ tables: tables.names, target: tables.documentClient, enforce: true });
    tenantScoped = compose(role.clients, tables);
    // The cross-tenant org-policy function, with its own table access: an org guardrail and an org test.
    const orgPolicy = compose(singleClient(tables.documentClient), tables);
    const { version } = await orgPolicy.lifecycle.saveOrgDraft(platformAdmin, {
      reason: 'guardrail',
      rules: [{ id: 'no-drop', effect: 'deny', actions: ['db.drop'], locked: true }],
    });
    await orgPolicy.lifecycle.publishOrg(platformAdmin, version, { reason: 'guardrail', deprecateAfterDays: 7 });
    await orgPolicy.lifecycle.putTests(platformAdmin, ORG_OWNER, [
      { name: 'drop is denied', agent: { team: 'ops', role: 'bot', environment: 'prod' }, request: { action: 'db.drop' }, expect: 'deny' },
    ] as never);
  });

  it("onboards a tenant and registers its team, role and agent touching only that tenant's keys", async () => {
    await tenantScoped.tenants.onboard(platformAdmin, { id: 'acme', ...onboarding });
    await tenantScoped.teamsAndRoles.createTeam(admin, 'acme', { name: 'ops' });
    await tenantScoped.teamsAndRoles.putRole(admin, 'acme', 'bot', { description: 'bot' });
    ({
      agent: { id: agentId },
    } = await tenantScoped.agents.register(admin, 'acme', { name: 'a', team: 'ops', role: 'bot', environment: 'prod', owner: 'alice' }));
    expect(role.refused()).toEqual([]);
    expect(new Set(role.calls.map((call) => call.client))).toEqual(new Set(['tenant:acme']));
  });

  it('publishes a tenant policy through the gate, which reads the org tests through the shared read-only client', async () => {
    role.reset();
    const { version } = await tenantScoped.lifecycle.saveDraft(admin, 'acme', 'tenant', {
      reason: 'r',
      rules: [{ id: 'db', effect: 'allow', actions: ['db.*'] }],
    });
    await tenantScoped.lifecycle.publish(admin, 'acme', 'tenant', version, { reason: 'r', deprecateAfterDays: 7 });
    const scopes = await tenantScoped.lifecycle.listScopes(admin, 'acme');
    expect(JSON.stringify(scopes)).toContain('tenant');
    await tenantScoped.lifecycle.effectivePolicy(admin, 'acme', agentId);
    expect(role.refused()).toEqual([]);
    const shared = role.calls.filter((call) => call.client === 'shared');
    expect(shared.length).toBeGreaterThan(0);
    expect(
      shared.every((call) => !call.writes && call.keys.every((use) => use.key.startsWith('~org#') && use.table === tables.names.policies)),
    ).toBe(true);
    expect(role.calls.some((call) => call.client === 'platform')).toBe(false);
  });

  it("decides under the org's locked rule, read through the shared client, and audits it under the tenant's keys", async () => {
    role.reset();
    const principal = { kind: 'agent' as const, tenantId: 'acme', agentId, keyId: 'key_1' };
    const [dropped, read] = await tenantScoped.decisions.authorize(principal, [{ action: 'db.drop' }, { action: 'db.read' }], {
      batch: true,
    });
    expect(dropped).toMatchObject({ effect: 'deny', rule: { id: 'no-drop', scope: 'org' } });
    expect(read).toMatchObject({ effect: 'allow', rule: { id: 'db' } });
    const audit = await tenantScoped.auditLog.query(admin, 'acme', {
      from: '2026-11-24T00:00:00.000Z',
      to: '2026-11-24T23:59:59.999Z',
      limit: 10,
    } as never);
    expect(audit.items.length).toBeGreaterThan(0);
    expect(role.refused()).toEqual([]);
    expect(new Set(role.calls.map((call) => call.client))).toEqual(new Set(['tenant:acme', 'shared']));
  });

  it('cannot list tenants or write the org policy: those need the platform credentials only cross-tenant functions have', async () => {
    role.reset();
    await expect(tenantScoped.tenants.list(platformAdmin, { limit: 10 } as never)).rejects.toThrow();
    await expect(tenantScoped.lifecycle.saveOrgDraft(platformAdmin, { reason: 'r', rules: [] })).rejects.toThrow();
    expect(role.refused().map((call) => call.client)).toEqual(['platform', 'platform']);
  });

  it("refuses a tenant's credentials another tenant's items, even when a bug asks for them", async () => {
    role.reset();
    const confused: TenantClients = { ...role.clients, forTenant: () => role.clients.forTenant('rival') };
    await expect(createDynamoDbTenancyStore(confused, tables.names).getTenant('acme')).rejects.toThrow();
    await expect(createDynamoDbPolicyStore(confused, tables.names).listHeads({ kind: 'tenant', tenantId: 'acme' })).rejects.toThrow();
    expect(role.refused().map((call) => call.refused)).toEqual([
      `tenant:rival reads ${tables.names.control}:acme`,
      `tenant:rival reads ${tables.names.policies}:acme#POLICIES`,
    ]);
  });
});
