import { beforeAll, describe, expect, it } from 'vitest';
import type { OperatorPrincipal } from '../../../shared/auth/principal';
import { createDocumentClient } from '../../../shared/adapters/dynamodb/document-client';
import { createDynamoDbApprovalStore } from '../../../shared/adapters/dynamodb/dynamodb-approval-store';
import { createApprovals } from '../../../shared/approvals/approvals';
import { createDynamoDbDecisionStore } from '../../../shared/adapters/dynamodb/dynamodb-decision-store';
import { createDynamoDbQuotaStore } from '../../../shared/adapters/dynamodb/dynamodb-quota-store';
import { createQuotaLeases } from '../../../shared/quotas/quota-leases';
import { createDynamoDbPolicyStore } from '../../../shared/adapters/dynamodb/dynamodb-policy-store';
import { createDynamoDbTenancyStore } from '../../../shared/adapters/dynamodb/dynamodb-tenancy-store';
import { singleClient } from '../../../shared/adapters/dynamodb/tenant-clients';
import { createDecisionService } from '../../../shared/decisions/decision-service';
import { createPolicySource } from '../../../shared/decisions/policy-source';
import { createFixedClock } from '../../../shared/kernel/clock';
import { createIdGenerator } from '../../../shared/kernel/ids';
import { createPageCursorCodec } from '../../../shared/kernel/page-cursor';
import { createPolicyCompiler } from '../../../shared/policy/compile';
import { createPolicyLifecycle } from '../../../shared/policy-lifecycle/policy-lifecycle';
import { createAgentRegistry } from '../../../shared/tenancy/agent-registry';
import { createTeamsAndRoles } from '../../../shared/tenancy/teams-and-roles';
import { createTenantManagement } from '../../../shared/tenancy/tenant-management';
import { createTenantStateCache } from '../../../shared/tenancy/tenant-state-cache';
import { countCalls } from '../../support/sdk-call-counter';
import { createTestTables, localSdkConfig } from '../../support/test-tables';

const platform: OperatorPrincipal = { kind: 'operator', sub: 'p', roles: ['platform-admin'], teams: [] };
const admin: OperatorPrincipal = { kind: 'operator', sub: 'alice', tenantId: 'warm', roles: ['tenant-admin'], teams: [] };

describe('DecisionService (DynamoDB Local)', () => {
  const clock = createFixedClock(Date.parse('2026-11-24T10:00:00.000Z'));
  let service: ReturnType<typeof createDecisionService>;
  let counter: ReturnType<typeof countCalls>;
  let agentId: string;
  let lifecycle: ReturnType<typeof createPolicyLifecycle>;

  beforeAll(async () => {
    const tables = await createTestTables();
    const documentClient = createDocumentClient(localSdkConfig(tables.endpoint));
    counter = countCalls(documentClient);
    const clients = singleClient(documentClient);
    const tenancy = createDynamoDbTenancyStore(clients, tables.names);
    const policies = createDynamoDbPolicyStore(clients, tables.names);
    const ids = createIdGenerator(clock);
    const deps = { store: tenancy, clock, ids, cursors: createPageCursorCodec('s'.repeat(40)) };
    await createTenantManagement(deps).onboard(platform, {
      id: 'warm',
      name: 'Warm',
      tier: 'business',
      environments: ['prod'],
      retentionDays: 30,
      settings: { apiKeyTtlDays: 90, approvalTimeoutMinutes: 240 },
    });
    await createTeamsAndRoles(deps).createTeam(admin, 'warm', { name: 'ops' });
    await createTeamsAndRoles(deps).putRole(admin, 'warm', 'bot', { description: 'bot' });
    ({
      agent: { id: agentId },
    } = await createAgentRegistry(deps).register(admin, 'warm', { name: 'a', team: 'ops', role: 'bot', environment: 'prod', owner: 'o' }));
    const compiler = createPolicyCompiler();
    lifecycle = createPolicyLifecycle({ store: policies, tenancy, compiler, clock, ids, cursors: deps.cursors });
    await lifecycle.saveDraft(admin, 'warm', 'tenant', { reason: 'r', rules: [{ id: 'read', effect: 'allow', actions: ['read'] }] });
    await lifecycle.publish(admin, 'warm', 'tenant', 1, { reason: 'r', deprecateAfterDays: 7 });
    const tenants = createTenantStateCache({ store: tenancy, clock, stalenessMs: 60_000 });
    const approvalStore = createDynamoDbApprovalStore(clients, tables.names);
    // No approval is opened here (the policy has no require_approval rule): the workflow is never reached.
    const noWorkflow = { start: async () => 'unused', complete: async () => undefined, stop: async () => undefined };
    service = createDecisionService({
      tenants,
      source: createPolicySource({ tenancy, policies, grants: approvalStore, clock, stalenessMs: 60_000 }),
      approvals: createApprovals({
        store: approvalStore,
        workflow: noWorkflow,
        tenants,
        clock,
        ids,
        timeoutSecondsPerMinute: 60,
        cursors: deps.cursors,
      }),
      compiler,
      store: createDynamoDbDecisionStore(clients, tables.names),
      quotas: createQuotaLeases({ store: createDynamoDbQuotaStore(clients, tables.names), clock }),
      clock,
      ids,
    });
  });

  const principal = () => ({ kind: 'agent' as const, tenantId: 'warm', agentId, keyId: 'key_1' });

  it('makes no database read with warm caches: one PutItem per decision (usage is counted from the stream)', async () => {
    await service.authorize(principal(), [{ action: 'read' }]);
    counter.reset();
    const [answer] = await service.authorize(principal(), [{ action: 'read' }]);
    expect(answer).toMatchObject({ effect: 'allow', rule: { id: 'read' } });
    expect(counter.calls).toEqual(['PutItemCommand']);
  });

  it('writes a batch of 100 decisions as four BatchWriteItem calls of 25, no read', async () => {
    counter.reset();
    const answers = await service.authorize(
      principal(),
      Array.from({ length: 100 }, (_, i) => ({ action: i % 2 ? 'read' : 'write' })),
      { batch: true },
    );
    expect(answers.map((answer) => answer.effect)).toEqual(Array.from({ length: 100 }, (_, i) => (i % 2 ? 'allow' : 'deny')));
    expect(counter.calls).toEqual(Array(4).fill('BatchWriteItemCommand'));
  });

  it('writes a batch with an Idempotency-Key as transactions, the claim with the last, and replays it from the claim alone', async () => {
    counter.reset();
    const requests = Array.from({ length: 100 }, () => ({ action: 'read' }));
    const answers = await service.authorize(principal(), requests, { batch: true, idempotencyKey: 'k-100' });
    // The claim is looked up first (none yet), then the records go in two transactions.
    expect(counter.calls).toEqual(['GetItemCommand', 'TransactWriteItemsCommand', 'TransactWriteItemsCommand']);
    counter.reset();
    const replayed = await service.authorize(principal(), requests, { batch: true, idempotencyKey: 'k-100' });
    expect(replayed.map((answer) => answer.decisionId)).toEqual(answers.map((answer) => answer.decisionId));
    expect(counter.calls).toEqual(['GetItemCommand']);
  });

  it('sees a publish once the staleness window has passed', async () => {
    await lifecycle.saveDraft(admin, 'warm', 'tenant', { reason: 'r', rules: [{ id: 'no-read', effect: 'deny', actions: ['read'] }] });
    await lifecycle.publish(admin, 'warm', 'tenant', 2, { reason: 'r', deprecateAfterDays: 7 });
    expect((await service.authorize(principal(), [{ action: 'read' }]))[0]!.effect).toBe('allow');
    clock.advance(60_001);
    expect((await service.authorize(principal(), [{ action: 'read' }]))[0]).toMatchObject({
      effect: 'deny',
      rule: { id: 'no-read', version: 2 },
    });
  });
});
