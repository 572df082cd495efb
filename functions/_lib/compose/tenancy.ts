/**
 * Tenancy: the store, the cached tenant states every operator route checks, and the use cases of
 * tenants, teams, roles and agents.
 */
import { createDynamoDbTenancyStore } from '../../../shared/adapters/dynamodb/dynamodb-tenancy-store';
import { createAgentKeyAuthenticator } from '../../../shared/tenancy/agent-key-authenticator';
import { createAgentRegistry } from '../../../shared/tenancy/agent-registry';
import type { TenancyDeps } from '../../../shared/tenancy/tenancy-deps';
import { createTeamsAndRoles } from '../../../shared/tenancy/teams-and-roles';
import { createTenantManagement } from '../../../shared/tenancy/tenant-management';
import { createTenantStateCache } from '../../../shared/tenancy/tenant-state-cache';
import { config } from '../config';
import { tableClients, tables } from './dynamodb';
import { clock, cursors, ids } from './kernel';
import { once, onceAsync } from './once';

/** The tenancy store. */
export const tenancyStore = once(() => createDynamoDbTenancyStore(tableClients(), tables()));

/** Tenants by id, fresh within the configured staleness bound. */
export const tenantStates = once(() =>
  createTenantStateCache({ store: tenancyStore(), clock: clock(), stalenessMs: config().cacheStalenessMs }),
);

/** API keys to agents (the agent authorizer). */
export const agentKeys = once(() =>
  createAgentKeyAuthenticator({
    store: tenancyStore(),
    tenants: tenantStates(),
    clock: clock(),
    lastSeenResolutionMs: config().lastSeenResolutionMs,
  }),
);

/** What the tenancy use cases need. */
export const tenancyDeps = onceAsync(async (): Promise<TenancyDeps> => ({
  store: tenancyStore(),
  clock: clock(),
  ids: ids(),
  cursors: await cursors(),
}));

/** What the tenancy routes use. */
export const tenancyServices = onceAsync(async () => {
  const deps = await tenancyDeps();
  return {
    tenantStates: tenantStates(),
    tenants: createTenantManagement(deps),
    teamsAndRoles: createTeamsAndRoles(deps),
    agents: createAgentRegistry(deps),
  };
});
