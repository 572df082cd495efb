/**
 * Use cases of the platform's tenant registry: onboard, list, read and change tenants.
 */
import type { OperatorPrincipal } from '../auth/principal';
import { checkPermission } from '../auth/permissions';
import { domainEvent } from '../events/catalog';
import { isoAt } from '../kernel/clock';
import { NotFoundError } from '../kernel/errors';
import type { ApiPage, PageRequest } from '../kernel/page';
import { paginate } from '../kernel/paginate';
import { changeRecord, changedFields, operatorActor } from './change';
import type { TenancyDeps } from './tenancy-deps';
import type { OnboardTenantInput, Tenant, UpdateTenantInput } from './tenant';
import type { AgentCounts } from './tenant-stats';

export function createTenantManagement(deps: TenancyDeps) {
  const { store, clock } = deps;

  return {
    /** Onboards a business unit; ConflictError when the id is taken. */
    async onboard(principal: OperatorPrincipal, input: OnboardTenantInput): Promise<Tenant> {
      checkPermission(principal, 'tenant:onboard');
      const now = isoAt(clock.nowMs());
      const tenant: Tenant = {
        id: input.id,
        name: input.name,
        tier: input.tier,
        environments: input.environments,
        quotas: input.quotas ?? {},
        retentionDays: input.retentionDays,
        settings: input.settings,
        ...(input.hygiene === undefined ? {} : { hygiene: input.hygiene }),
        status: 'active',
        createdAt: now,
        createdBy: principal.sub,
        updatedAt: now,
        epoch: 1,
        version: 1,
      };
      await store.createTenant(
        tenant,
        changeRecord(deps, {
          tenantId: tenant.id,
          actor: operatorActor(principal),
          action: 'tenant.onboarded',
          target: { type: 'tenant', id: tenant.id },
          after: tenant,
          event: domainEvent('Tenant.Onboarded', { tenantId: tenant.id, name: tenant.name, tier: tenant.tier, actor: principal.sub }),
        }),
      );
      return tenant;
    },

    /** Lists tenants in id order. */
    async list(principal: OperatorPrincipal, request: PageRequest): Promise<ApiPage<Tenant>> {
      checkPermission(principal, 'tenant:list');
      return paginate({
        cursors: deps.cursors,
        binding: { tenantId: '*platform*', query: 'tenants' },
        request,
        positionOf: (tenant) => tenant.id,
        fetch: (page) => store.listTenants(page),
      });
    },

    /** Reads one tenant with its agent counts (platform roles: any; tenant roles: their own). */
    async get(principal: OperatorPrincipal, tenantId: string): Promise<Tenant & { agentCounts: AgentCounts }> {
      checkPermission(principal, 'tenant:read', { tenantId });
      // Read together: a tenant that is not there costs one wasted read, every other call a round trip less.
      const [tenant, agentCounts] = await Promise.all([store.getTenant(tenantId), store.getAgentCounts(tenantId)]);
      if (!tenant) throw new NotFoundError('Tenant', tenantId);
      return { ...tenant, agentCounts };
    },

    /** Changes name, tier, quotas, status, retention, environments, settings or hygiene limits. */
    async update(principal: OperatorPrincipal, tenantId: string, patch: UpdateTenantInput): Promise<Tenant> {
      checkPermission(principal, 'tenant:update');
      const current = await store.getTenant(tenantId, { consistent: true });
      if (!current) throw new NotFoundError('Tenant', tenantId);
      const { reason, settings, hygiene, ...fields } = patch;
      const next: Tenant = {
        ...current,
        ...fields,
        settings: { ...current.settings, ...settings },
        ...(hygiene === undefined ? {} : { hygiene: { ...current.hygiene, ...hygiene } }),
        updatedAt: isoAt(clock.nowMs()),
        epoch: current.epoch + 1,
        version: current.version + 1,
      };
      const changed = changedFields(current, next, [
        'name',
        'tier',
        'quotas',
        'status',
        'retentionDays',
        'environments',
        'settings',
        'hygiene',
      ]);
      await store.updateTenant(
        next,
        current.version,
        changeRecord(deps, {
          tenantId,
          actor: operatorActor(principal),
          action: 'tenant.updated',
          target: { type: 'tenant', id: tenantId },
          ...(reason === undefined ? {} : { reason }),
          before: current,
          after: next,
          event: domainEvent('Tenant.Updated', { tenantId, changed, status: next.status, actor: principal.sub }),
        }),
      );
      return next;
    },
  };
}

export type TenantManagement = ReturnType<typeof createTenantManagement>;
