/**
 * Tenancy: the use cases of tenants, teams, roles and agents, over the store and tenant states of
 * tenancy-store.ts (which functions that need only those import directly).
 */
import { createAgentRegistry } from '../../../shared/tenancy/agent-registry';
import type { TenancyDeps } from '../../../shared/tenancy/tenancy-deps';
import { createTeamsAndRoles } from '../../../shared/tenancy/teams-and-roles';
import { createTenantManagement } from '../../../shared/tenancy/tenant-management';
import { clock, ids } from './kernel';
import { cursors } from './cursors';
import { onceAsync } from './once';
import { tenancyStore, tenantStates } from './tenancy-store';

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
