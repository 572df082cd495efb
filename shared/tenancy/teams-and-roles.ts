/**
 * Use cases for a tenant's teams and agent roles.
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
import type { AgentRole, CreateTeamInput, PutRoleInput, Team, UpdateTeamInput } from './team';

export function createTeamsAndRoles(deps: TenancyDeps) {
  const { store, clock } = deps;

  return {
    /** Creates a team; ConflictError when the name is taken. */
    async createTeam(principal: OperatorPrincipal, tenantId: string, input: CreateTeamInput): Promise<Team> {
      checkPermission(principal, 'team:write', { tenantId });
      const team: Team = {
        tenantId,
        name: input.name,
        ...(input.description === undefined ? {} : { description: input.description }),
        quotas: input.quotas ?? {},
        createdAt: isoAt(clock.nowMs()),
        createdBy: principal.sub,
        version: 1,
      };
      await store.createTeam(
        team,
        changeRecord(deps, {
          tenantId,
          actor: operatorActor(principal),
          action: 'team.created',
          target: { type: 'team', id: team.name },
          after: team,
          event: domainEvent('Team.Created', { tenantId, team: team.name, actor: principal.sub }),
        }),
      );
      return team;
    },

    /**
     * Changes a team's description or quotas (tenant admins). Agents' own quotas are left as they
     * are: every decision also counts against the team's quota, so a lower team quota holds at once.
     */
    async updateTeam(principal: OperatorPrincipal, tenantId: string, name: string, patch: UpdateTeamInput): Promise<Team> {
      checkPermission(principal, 'team:write', { tenantId });
      const current = await store.getTeam(tenantId, name);
      if (!current) throw new NotFoundError('Team', name);
      const { reason, ...fields } = patch;
      const now = isoAt(clock.nowMs());
      const next: Team = { ...current, ...fields, updatedAt: now, updatedBy: principal.sub, version: current.version + 1 };
      await store.updateTeam(
        next,
        current.version,
        changeRecord(deps, {
          tenantId,
          actor: operatorActor(principal),
          action: 'team.updated',
          target: { type: 'team', id: name },
          ...(reason === undefined ? {} : { reason }),
          before: current,
          after: next,
          event: domainEvent('Team.Updated', {
            tenantId,
            team: name,
            changed: changedFields(current, next, ['description', 'quotas']),
            actor: principal.sub,
          }),
        }),
      );
      return next;
    },

    async listTeams(principal: OperatorPrincipal, tenantId: string, request: PageRequest): Promise<ApiPage<Team>> {
      checkPermission(principal, 'team:read', { tenantId });
      return paginate({
        cursors: deps.cursors,
        binding: { tenantId, query: 'teams' },
        request,
        positionOf: (team) => team.name,
        fetch: (page) => store.listTeams(tenantId, page),
      });
    },

    /** Creates or replaces an agent role. */
    async putRole(
      principal: OperatorPrincipal,
      tenantId: string,
      name: string,
      input: PutRoleInput,
    ): Promise<{ role: AgentRole; created: boolean }> {
      checkPermission(principal, 'role:write', { tenantId });
      const current = await store.getRole(tenantId, name);
      const now = isoAt(clock.nowMs());
      const role: AgentRole = {
        tenantId,
        name,
        description: input.description,
        quotas: input.quotas ?? {},
        createdAt: current?.createdAt ?? now,
        updatedAt: now,
        updatedBy: principal.sub,
        version: (current?.version ?? 0) + 1,
      };
      await store.putRole(
        role,
        current?.version,
        changeRecord(deps, {
          tenantId,
          actor: operatorActor(principal),
          action: current ? 'role.updated' : 'role.created',
          target: { type: 'role', id: name },
          ...(current ? { before: current } : {}),
          after: role,
          event: domainEvent('Role.Saved', { tenantId, role: name, actor: principal.sub }),
        }),
      );
      return { role, created: current === undefined };
    },

    async getRole(principal: OperatorPrincipal, tenantId: string, name: string): Promise<AgentRole> {
      checkPermission(principal, 'role:read', { tenantId });
      const role = await store.getRole(tenantId, name);
      if (!role) throw new NotFoundError('Role', name);
      return role;
    },

    async listRoles(principal: OperatorPrincipal, tenantId: string, request: PageRequest): Promise<ApiPage<AgentRole>> {
      checkPermission(principal, 'role:read', { tenantId });
      return paginate({
        cursors: deps.cursors,
        binding: { tenantId, query: 'roles' },
        request,
        positionOf: (role) => role.name,
        fetch: (page) => store.listRoles(tenantId, page),
      });
    },
  };
}

export type TeamsAndRoles = ReturnType<typeof createTeamsAndRoles>;
