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
import { changeRecord, operatorActor } from './change';
import type { TenancyDeps } from './tenancy-deps';
import type { AgentRole, CreateTeamInput, PutRoleInput, Team } from './team';

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
    async putRole(principal: OperatorPrincipal, tenantId: string, name: string, input: PutRoleInput): Promise<{ role: AgentRole; created: boolean }> {
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
