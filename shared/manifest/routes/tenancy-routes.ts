/**
 * Routes of tenants, teams and agent roles.
 */
import * as z from 'zod';
import { PageQuerySchema } from '../../kernel/schemas';
import { AgentRoleSchema, CreateTeamSchema, PutRoleSchema, TeamSchema, UpdateTeamSchema } from '../../tenancy/team';
import { OnboardTenantSchema, TenantSchema, UpdateTenantSchema } from '../../tenancy/tenant';
import type { RouteSpec } from '../route-spec';
import { listOf, TENANT_PATH } from './route-parts';

export const TENANCY_ROUTES = {
  onboardTenant: {
    method: 'POST', path: '/v1/tenants', function: 'tenants-onboard', auth: 'operator', permission: 'tenant:onboard', tag: 'tenants',
    summary: 'Onboard a business unit as a tenant', body: OnboardTenantSchema, response: TenantSchema, successStatus: 201,
  },
  listTenants: {
    method: 'GET', path: '/v1/tenants', function: 'tenants-list', auth: 'operator', permission: 'tenant:list', tag: 'tenants',
    summary: 'List tenants', query: PageQuerySchema, response: listOf(TenantSchema),
  },
  getTenant: {
    method: 'GET', path: TENANT_PATH, function: 'tenants-get', auth: 'operator', permission: 'tenant:read', tag: 'tenants',
    summary: 'Read a tenant, with its agent counts',
    response: TenantSchema.extend({ agentCounts: z.object({ active: z.number(), suspended: z.number(), decommissioned: z.number() }) }),
  },
  updateTenant: {
    method: 'PATCH', path: TENANT_PATH, function: 'tenants-update', auth: 'operator', permission: 'tenant:update', tag: 'tenants',
    summary: 'Change a tenant (name, tier, quotas, status, retention, settings)', body: UpdateTenantSchema, response: TenantSchema,
  },
  createTeam: {
    method: 'POST', path: `${TENANT_PATH}/teams`, function: 'teams-create', auth: 'operator', permission: 'team:write', tag: 'teams',
    summary: 'Create a team', body: CreateTeamSchema, response: TeamSchema, successStatus: 201,
  },
  listTeams: {
    method: 'GET', path: `${TENANT_PATH}/teams`, function: 'teams-list', auth: 'operator', permission: 'team:read', tag: 'teams',
    summary: 'List teams', query: PageQuerySchema, response: listOf(TeamSchema),
  },
  updateTeam: {
    method: 'PATCH', path: `${TENANT_PATH}/teams/{team}`, function: 'teams-update', auth: 'operator', permission: 'team:write', tag: 'teams',
    summary: "Change a team's description or quotas (`quotas` replaces them); team leads may give agents quotas only up to their team's and tenant's",
    body: UpdateTeamSchema, response: TeamSchema,
  },
  putRole: {
    method: 'PUT', path: `${TENANT_PATH}/roles/{role}`, function: 'roles-put', auth: 'operator', permission: 'role:write', tag: 'roles',
    summary: 'Create or replace an agent role', body: PutRoleSchema, response: AgentRoleSchema,
  },
  getRole: {
    method: 'GET', path: `${TENANT_PATH}/roles/{role}`, function: 'roles-get', auth: 'operator', permission: 'role:read', tag: 'roles',
    summary: 'Read an agent role', response: AgentRoleSchema,
  },
  listRoles: {
    method: 'GET', path: `${TENANT_PATH}/roles`, function: 'roles-list', auth: 'operator', permission: 'role:read', tag: 'roles',
    summary: 'List agent roles', query: PageQuerySchema, response: listOf(AgentRoleSchema),
  },
} as const satisfies Record<string, RouteSpec>;
