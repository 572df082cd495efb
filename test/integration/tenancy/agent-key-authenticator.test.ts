import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../../shared/adapters/dynamodb/document-client';
import { createDynamoDbTenancyStore } from '../../../shared/adapters/dynamodb/dynamodb-tenancy-store';
import { singleClient } from '../../../shared/adapters/dynamodb/tenant-clients';
import { createFixedClock } from '../../../shared/kernel/clock';
import { createIdGenerator } from '../../../shared/kernel/ids';
import { createPageCursorCodec } from '../../../shared/kernel/page-cursor';
import type { OperatorPrincipal } from '../../../shared/auth/principal';
import { createAgentKeyAuthenticator } from '../../../shared/tenancy/agent-key-authenticator';
import { createAgentRegistry } from '../../../shared/tenancy/agent-registry';
import { createTeamsAndRoles } from '../../../shared/tenancy/teams-and-roles';
import { createTenantManagement } from '../../../shared/tenancy/tenant-management';
import { createTenantStateCache } from '../../../shared/tenancy/tenant-state-cache';
import { countCalls } from '../../support/sdk-call-counter';
import { createTestTables, localSdkConfig } from '../../support/test-tables';

const platform: OperatorPrincipal = { kind: 'operator', sub: 'p', roles: ['platform-admin'], teams: [] };
const admin = (tenantId: string): OperatorPrincipal => ({ kind: 'operator', sub: 'alice', tenantId, roles: ['tenant-admin'], teams: [] });

describe('AgentKeyAuthenticator (DynamoDB Local)', () => {
  const clock = createFixedClock(Date.parse('2026-11-24T10:00:00.000Z'));
  let setup: Awaited<ReturnType<typeof build>>;

  async function build() {
    const tables = await createTestTables();
    const documentClient = createDocumentClient(localSdkConfig(tables.endpoint));
    const counter = countCalls(documentClient);
    const store = createDynamoDbTenancyStore(singleClient(documentClient), tables.names);
    const deps = { store, clock, ids: createIdGenerator(clock), cursors: createPageCursorCodec('s'.repeat(40)) };
    const tenants = createTenantManagement(deps);
    const registry = createAgentRegistry(deps);
    const teams = createTeamsAndRoles(deps);
    const authenticatorWith = (stalenessMs: number) =>
      createAgentKeyAuthenticator({
        store,
        clock,
        tenants: createTenantStateCache({ store, clock, stalenessMs }),
        lastSeenResolutionMs: 60_000,
      });
    return { counter, tenants, registry, teams, authenticatorWith };
  }

  async function registeredAgent(tenantId: string) {
    await setup.tenants.onboard(platform, {
      id: tenantId,
      name: tenantId,
      tier: 'business',
      environments: ['dev'],
      retentionDays: 90,
      settings: { apiKeyTtlDays: 90, approvalTimeoutMinutes: 240 },
    });
    await setup.teams.createTeam(admin(tenantId), tenantId, { name: 'ops' });
    await setup.teams.putRole(admin(tenantId), tenantId, 'bot', { description: 'bot' });
    return setup.registry.register(admin(tenantId), tenantId, { name: 'x', team: 'ops', role: 'bot', environment: 'dev', owner: 'o' });
  }

  beforeAll(async () => {
    setup = await build();
  });
  beforeEach(() => clock.set(Date.parse('2026-11-24T10:00:00.000Z')));

  it('reads the tenant and the key in one request on first use, then the agent by the write that notes it seen', async () => {
    const { agent, apiKey } = await registeredAgent('auth-first');
    const authenticator = setup.authenticatorWith(5_000);
    setup.counter.reset();
    expect((await authenticator.authenticate(apiKey)).principal.agentId).toBe(agent.id);
    expect(setup.counter.calls).toEqual(['BatchGetItemCommand', 'UpdateItemCommand']);
    // Its next use reads the key again after the (now cached) tenant; that entry is the one reused.
    setup.counter.reset();
    await authenticator.authenticate(apiKey);
    expect(setup.counter.calls).toEqual(['GetItemCommand', 'GetItemCommand']);
  });

  it('makes no database call for a warm key inside the staleness window', async () => {
    const { agent, apiKey } = await registeredAgent('auth-warm');
    const authenticator = setup.authenticatorWith(5_000);
    expect((await authenticator.authenticate(apiKey)).principal.agentId).toBe(agent.id);
    await authenticator.authenticate(apiKey);
    setup.counter.reset();
    for (let i = 0; i < 20; i++) await authenticator.authenticate(apiKey);
    expect(setup.counter.calls).toEqual([]);
  });

  it('re-reads only the tenant record when the window has passed and nothing changed', async () => {
    const { apiKey } = await registeredAgent('auth-epoch');
    const authenticator = setup.authenticatorWith(1_000);
    await authenticator.authenticate(apiKey);
    await authenticator.authenticate(apiKey);
    setup.counter.reset();
    clock.advance(1_500);
    await authenticator.authenticate(apiKey);
    expect(setup.counter.calls).toEqual(['GetItemCommand']);
  });

  it('sees a decommissioned agent once the staleness window has passed', async () => {
    const { agent, apiKey } = await registeredAgent('auth-revoke');
    const authenticator = setup.authenticatorWith(1_000);
    await authenticator.authenticate(apiKey);
    await setup.registry.changeLifecycle(admin('auth-revoke'), 'auth-revoke', agent.id, 'decommission', {});
    clock.advance(1_001);
    await expect(authenticator.authenticate(apiKey)).rejects.toMatchObject({ name: 'UnauthenticatedError' });
  });

  it('with a staleness of 0 sees a revocation at once', async () => {
    const { agent, apiKey } = await registeredAgent('auth-zero');
    const authenticator = setup.authenticatorWith(0);
    await authenticator.authenticate(apiKey);
    await setup.registry.changeLifecycle(admin('auth-zero'), 'auth-zero', agent.id, 'decommission', {});
    await expect(authenticator.authenticate(apiKey)).rejects.toMatchObject({ name: 'UnauthenticatedError' });
  });

  it('refuses an expired key even from a warm cache', async () => {
    const { apiKey } = await registeredAgent('auth-expiry');
    const authenticator = setup.authenticatorWith(10 * 86_400_000 * 100);
    await authenticator.authenticate(apiKey);
    clock.advance(91 * 86_400_000);
    await expect(authenticator.authenticate(apiKey)).rejects.toMatchObject({ code: 'invalid_api_key' });
  });

  it('refuses text that is not a Warden key without touching the database', async () => {
    const authenticator = setup.authenticatorWith(0);
    setup.counter.reset();
    await expect(authenticator.authenticate('not-a-key')).rejects.toMatchObject({ code: 'invalid_api_key' });
    expect(setup.counter.calls).toEqual([]);
  });

  it('writes lastSeenAt at most once per resolution window', async () => {
    const { apiKey } = await registeredAgent('auth-seen');
    const authenticator = setup.authenticatorWith(60_000);
    await authenticator.authenticate(apiKey);
    await authenticator.authenticate(apiKey);
    setup.counter.reset();
    clock.advance(30_000);
    await authenticator.authenticate(apiKey);
    expect(setup.counter.calls).toEqual([]);
    clock.advance(31_000);
    await authenticator.authenticate(apiKey);
    expect(setup.counter.calls).toEqual(['GetItemCommand', 'UpdateItemCommand']);
  });
});
