/**
 * The HTTP API: every route with its function, authentication, permission and schemas. The CDK
 * app and the local runtime read the plain part; handlers validate with the schemas; the OpenAPI
 * document is generated from the whole.
 */
import { z } from 'zod';
import { PageQuerySchema } from '../kernel/schemas';
import {
  AgentSchema,
  LifecycleChangeSchema,
  ListAgentsQuerySchema,
  RegisterAgentSchema,
  RotateKeySchema,
  UpdateAgentSchema,
} from '../tenancy/agent';
import { AgentRoleSchema, CreateTeamSchema, PutRoleSchema, TeamSchema, UpdateTeamSchema } from '../tenancy/team';
import { OnboardTenantSchema, TenantSchema, UpdateTenantSchema } from '../tenancy/tenant';
import {
  DiffQuerySchema,
  EffectivePolicyQuerySchema,
  ImpactSchema,
  PolicyDraftSchema,
  PublishSchema,
  RollbackSchema,
  RunTestsSchema,
} from '../policy-lifecycle/lifecycle-schemas';
import { MAX_POLICY_BODY_BYTES, MAX_TEST_LIBRARY_BODY_BYTES } from '../policy-lifecycle/content-limits';
import { SimulateSchema, TestLibraryInputSchema } from '../policy-lifecycle/test-library';
import { AuditQuerySchema } from '../decisions/audit-log';
import { UsageQuerySchema } from '../usage/usage';
import { AuthorizeBatchSchema, AuthorizeRequestSchema } from '../decisions/decision-record';
import { AccessRequestInputSchema } from '../approvals/grant';
import { ApprovalDecisionSchema, ListApprovalsQuerySchema } from '../approvals/approval';
import { ExportQuerySchema, ReconcileQuerySchema } from '../billing/billing';
import { PricePlanInputSchema } from '../billing/price-plan';
import type { RouteSpec } from './route-spec';

const listOf = (item: z.ZodType) => z.object({ items: z.array(item), nextCursor: z.string().optional() });
const AgentViewSchema = AgentSchema.omit({ keys: true }).extend({
  keys: z.array(z.object({ keyId: z.string(), createdAt: z.string(), expiresAt: z.string() })),
});
const AgentWithKeySchema = z.object({ agent: AgentViewSchema, apiKey: z.string() });

const tenants = '/v1/tenants/{tenantId}';
const agent = `${tenants}/agents/{agentId}`;
const policies = `${tenants}/policies`;
const scope = `${policies}/{scope}`;

export const ROUTES = {
  health: { method: 'GET', path: '/health', function: 'health', auth: 'none', tag: 'platform', summary: 'Liveness', response: z.object({ status: z.literal('ok') }) },
  openapi: { method: 'GET', path: '/openapi.json', function: 'openapi', auth: 'none', tag: 'platform', summary: 'This API as an OpenAPI 3.1 document' },

  onboardTenant: {
    method: 'POST', path: '/v1/tenants', function: 'tenants-onboard', auth: 'operator', permission: 'tenant:onboard', tag: 'tenants',
    summary: 'Onboard a business unit as a tenant', body: OnboardTenantSchema, response: TenantSchema, successStatus: 201,
  },
  listTenants: {
    method: 'GET', path: '/v1/tenants', function: 'tenants-list', auth: 'operator', permission: 'tenant:list', tag: 'tenants',
    summary: 'List tenants', query: PageQuerySchema, response: listOf(TenantSchema),
  },
  getTenant: {
    method: 'GET', path: tenants, function: 'tenants-get', auth: 'operator', permission: 'tenant:read', tag: 'tenants',
    summary: 'Read a tenant, with its agent counts',
    response: TenantSchema.extend({ agentCounts: z.object({ active: z.number(), suspended: z.number(), decommissioned: z.number() }) }),
  },
  updateTenant: {
    method: 'PATCH', path: tenants, function: 'tenants-update', auth: 'operator', permission: 'tenant:update', tag: 'tenants',
    summary: 'Change a tenant (name, tier, quotas, status, retention, settings)', body: UpdateTenantSchema, response: TenantSchema,
  },

  createTeam: {
    method: 'POST', path: `${tenants}/teams`, function: 'teams-create', auth: 'operator', permission: 'team:write', tag: 'teams',
    summary: 'Create a team', body: CreateTeamSchema, response: TeamSchema, successStatus: 201,
  },
  listTeams: {
    method: 'GET', path: `${tenants}/teams`, function: 'teams-list', auth: 'operator', permission: 'team:read', tag: 'teams',
    summary: 'List teams', query: PageQuerySchema, response: listOf(TeamSchema),
  },
  updateTeam: {
    method: 'PATCH', path: `${tenants}/teams/{team}`, function: 'teams-update', auth: 'operator', permission: 'team:write', tag: 'teams',
    summary: "Change a team's description or quotas (`quotas` replaces them); team leads may give agents quotas only up to their team's and tenant's",
    body: UpdateTeamSchema, response: TeamSchema,
  },
  putRole: {
    method: 'PUT', path: `${tenants}/roles/{role}`, function: 'roles-put', auth: 'operator', permission: 'role:write', tag: 'roles',
    summary: 'Create or replace an agent role', body: PutRoleSchema, response: AgentRoleSchema,
  },
  getRole: {
    method: 'GET', path: `${tenants}/roles/{role}`, function: 'roles-get', auth: 'operator', permission: 'role:read', tag: 'roles',
    summary: 'Read an agent role', response: AgentRoleSchema,
  },
  listRoles: {
    method: 'GET', path: `${tenants}/roles`, function: 'roles-list', auth: 'operator', permission: 'role:read', tag: 'roles',
    summary: 'List agent roles', query: PageQuerySchema, response: listOf(AgentRoleSchema),
  },

  registerAgent: {
    method: 'POST', path: `${tenants}/agents`, function: 'agents-register', auth: 'operator', permission: 'agent:write', tag: 'agents',
    summary: 'Register an agent; its API key is in this response only', body: RegisterAgentSchema, response: AgentWithKeySchema, successStatus: 201,
  },
  listAgents: {
    method: 'GET', path: `${tenants}/agents`, function: 'agents-list', auth: 'operator', permission: 'agent:read', tag: 'agents',
    summary: 'List agents, filtered', query: ListAgentsQuerySchema, response: listOf(AgentViewSchema),
  },
  getAgent: {
    method: 'GET', path: agent, function: 'agents-get', auth: 'operator', permission: 'agent:read', tag: 'agents',
    summary: 'Read an agent', response: AgentViewSchema,
  },
  updateAgent: {
    method: 'PATCH', path: agent, function: 'agents-update', auth: 'operator', permission: 'agent:write', tag: 'agents',
    summary: 'Change team, role, labels, owner, name, description or quotas', body: UpdateAgentSchema, response: AgentViewSchema,
  },
  rotateAgentKey: {
    method: 'POST', path: `${agent}/rotate-key`, function: 'agents-rotate-key', auth: 'operator', permission: 'agent:write', tag: 'agents',
    summary: 'Issue a new key; earlier keys stay valid for graceMinutes', body: RotateKeySchema, response: AgentWithKeySchema,
  },
  suspendAgent: {
    method: 'POST', path: `${agent}/suspend`, function: 'agents-lifecycle', auth: 'operator', permission: 'agent:write', tag: 'agents',
    summary: 'Suspend an agent (its requests get 403 until reinstated)', body: LifecycleChangeSchema, response: AgentViewSchema,
  },
  reinstateAgent: {
    method: 'POST', path: `${agent}/reinstate`, function: 'agents-lifecycle', auth: 'operator', permission: 'agent:write', tag: 'agents',
    summary: 'Reinstate a suspended agent', body: LifecycleChangeSchema, response: AgentViewSchema,
  },
  decommissionAgent: {
    method: 'POST', path: `${agent}/decommission`, function: 'agents-lifecycle', auth: 'operator', permission: 'agent:write', tag: 'agents',
    summary: 'Decommission an agent: its keys are revoked at once', body: LifecycleChangeSchema, response: AgentViewSchema,
  },

  savePolicy: {
    method: 'PUT', path: scope, function: 'policies-write', auth: 'operator', permission: 'policy:write', tag: 'policies',
    summary: 'Save a new draft version of a scope (nothing changes for agents until it is published)', body: PolicyDraftSchema, successStatus: 201,
    bodyFormats: ['json', 'yaml'], maxBodyBytes: MAX_POLICY_BODY_BYTES,
  },
  listPolicies: {
    method: 'GET', path: policies, function: 'policies-read', auth: 'operator', permission: 'policy:read', tag: 'policies',
    summary: 'Every scope with its latest and active version',
  },
  listPolicyVersions: {
    method: 'GET', path: `${scope}/versions`, function: 'policies-read', auth: 'operator', permission: 'policy:read', tag: 'policies',
    summary: "A scope's versions, newest first", query: PageQuerySchema,
  },
  getPolicyVersion: {
    method: 'GET', path: `${scope}/versions/{version}`, function: 'policies-read', auth: 'operator', permission: 'policy:read', tag: 'policies',
    summary: 'One version with its document',
  },
  publishPolicy: {
    method: 'POST', path: `${scope}/versions/{version}/publish`, function: 'policies-write', auth: 'operator', permission: 'policy:write', tag: 'policies',
    summary: "Publish a draft: the org's and the tenant's tests must pass with it in place (422 otherwise)", body: PublishSchema,
  },
  policyImpact: {
    method: 'POST', path: `${scope}/versions/{version}/impact`, function: 'policy-impact', auth: 'operator', permission: 'policy:simulate', tag: 'policies',
    summary: 'Replay recent audited requests with a version in place: counts of old → new effect, with examples', body: ImpactSchema,
  },
  rollbackPolicy: {
    method: 'POST', path: `${scope}/rollback`, function: 'policies-write', auth: 'operator', permission: 'policy:write', tag: 'policies',
    summary: "Publish an earlier version's content as a new version, through the same gate", body: RollbackSchema,
  },
  diffPolicy: {
    method: 'GET', path: `${scope}/diff`, function: 'policies-read', auth: 'operator', permission: 'policy:read', tag: 'policies',
    summary: 'Rule-level differences between two versions', query: DiffQuerySchema,
  },
  effectivePolicy: {
    method: 'GET', path: `${tenants}/effective-policy`, function: 'policies-read', auth: 'operator', permission: 'policy:read', tag: 'policies',
    summary: 'Every rule governing an agent, each with its scope and version', query: EffectivePolicyQuerySchema,
  },
  putPolicyTests: {
    method: 'PUT', path: `${tenants}/policy-tests`, function: 'policy-tests', auth: 'operator', permission: 'policy-tests:write', tag: 'policies',
    summary: "Replace the tenant's test scenario library", body: TestLibraryInputSchema,
    bodyFormats: ['json', 'yaml'], maxBodyBytes: MAX_TEST_LIBRARY_BODY_BYTES,
  },
  getPolicyTests: {
    method: 'GET', path: `${tenants}/policy-tests`, function: 'policy-tests', auth: 'operator', permission: 'policy:read', tag: 'policies',
    summary: "The tenant's test scenario library",
  },
  runPolicyTests: {
    method: 'POST', path: `${tenants}/policy-tests/run`, function: 'policy-tests', auth: 'operator', permission: 'policy:simulate', tag: 'policies',
    summary: 'Run the org and tenant libraries against the active policies or with a candidate version in place', body: RunTestsSchema,
  },
  simulate: {
    method: 'POST', path: `${tenants}/simulate`, function: 'policies-simulate', auth: 'operator', permission: 'policy:simulate', tag: 'policies',
    summary: 'The decision for an agent and a request, explained; nothing recorded, no quota used', body: SimulateSchema,
  },

  saveOrgPolicy: {
    method: 'PUT', path: '/v1/org/policy', function: 'org-policy', auth: 'operator', permission: 'org-policy:write', tag: 'org policy',
    summary: 'Save a new draft of the org base policy', body: PolicyDraftSchema, successStatus: 201,
    bodyFormats: ['json', 'yaml'], maxBodyBytes: MAX_POLICY_BODY_BYTES,
  },
  listOrgPolicyVersions: {
    method: 'GET', path: '/v1/org/policy/versions', function: 'org-policy', auth: 'operator', permission: 'org-policy:read', tag: 'org policy',
    summary: "The org document's versions, newest first", query: PageQuerySchema,
  },
  publishOrgPolicy: {
    method: 'POST', path: '/v1/org/policy/versions/{version}/publish', function: 'org-policy', auth: 'operator', permission: 'org-policy:write', tag: 'org policy',
    summary: "Publish the org document: every tenant's tests must pass with it in place", body: PublishSchema,
  },
  putOrgPolicyTests: {
    method: 'PUT', path: '/v1/org/policy-tests', function: 'org-policy', auth: 'operator', permission: 'org-policy:write', tag: 'org policy',
    summary: 'Replace the org-wide test scenario library', body: TestLibraryInputSchema,
    bodyFormats: ['json', 'yaml'], maxBodyBytes: MAX_TEST_LIBRARY_BODY_BYTES,
  },
  getOrgPolicyTests: {
    method: 'GET', path: '/v1/org/policy-tests', function: 'org-policy', auth: 'operator', permission: 'org-policy:read', tag: 'org policy',
    summary: 'The org-wide test scenario library',
  },

  authorize: {
    method: 'POST', path: '/v1/authorize', function: 'authorize', auth: 'agent', tag: 'agent API', refusesSuspendedItself: true,
    summary: 'Decide one request of the calling agent; recorded in the audit log before the answer (Idempotency-Key header honoured for 10 minutes)',
    body: AuthorizeRequestSchema,
  },
  authorizeBatch: {
    method: 'POST', path: '/v1/authorize/batch', function: 'authorize', auth: 'agent', tag: 'agent API', refusesSuspendedItself: true,
    summary: 'Decide 1 to 100 requests, answered in order; all are recorded or none', body: AuthorizeBatchSchema,
  },
  queryAudit: {
    method: 'GET', path: `${tenants}/audit`, function: 'audit-query', auth: 'operator', permission: 'audit:read', tag: 'audit',
    summary: 'Decisions and changes, newest first; filters from, to, agentId, effect, kind', query: AuditQuerySchema,
  },

  usage: {
    method: 'GET', path: `${tenants}/usage`, function: 'usage', auth: 'operator', permission: 'usage:read', tag: 'usage',
    summary: "A month's metered usage: totals, by team, agent and day, and distinct active agents", query: UsageQuerySchema,
  },

  listApprovals: {
    method: 'GET', path: `${tenants}/approvals`, function: 'approvals', auth: 'operator', permission: 'approval:read', tag: 'approvals',
    summary: 'Approvals of a status (default pending); pending ones only where the caller may decide now', query: ListApprovalsQuerySchema,
  },
  getApproval: {
    method: 'GET', path: `${tenants}/approvals/{approvalId}`, function: 'approvals', auth: 'operator', permission: 'approval:read', tag: 'approvals',
    summary: 'One approval: its request, risk, level awaited, approvals so far and grant',
  },
  approve: {
    method: 'POST', path: `${tenants}/approvals/{approvalId}/approve`, function: 'approvals', auth: 'operator', permission: 'approval:decide', tag: 'approvals',
    summary: 'Approve (403 beyond the caller\'s authority; a critical request needs two different approvers); the last approval issues the grant',
    body: ApprovalDecisionSchema,
  },
  reject: {
    method: 'POST', path: `${tenants}/approvals/{approvalId}/reject`, function: 'approvals', auth: 'operator', permission: 'approval:decide', tag: 'approvals',
    summary: 'Reject, with a comment', body: ApprovalDecisionSchema,
  },
  listGrants: {
    method: 'GET', path: `${tenants}/grants`, function: 'grants', auth: 'operator', permission: 'grant:read', tag: 'approvals',
    summary: 'Live just-in-time grants', query: PageQuerySchema,
  },
  revokeGrant: {
    method: 'DELETE', path: `${tenants}/grants/{grantId}`, function: 'grants', auth: 'operator', permission: 'grant:revoke', tag: 'approvals',
    summary: 'Revoke a grant at once', successStatus: 204,
  },
  requestAccess: {
    method: 'POST', path: '/v1/access-requests', function: 'access-requests', auth: 'agent', tag: 'agent API',
    summary: 'Ask ahead of time: not_required when policy allows, denied (with the rule) when it denies, otherwise an approval', body: AccessRequestInputSchema, successStatus: 201,
  },
  getAccessRequest: {
    method: 'GET', path: '/v1/access-requests/{accessRequestId}', function: 'access-requests', auth: 'agent', tag: 'agent API',
    summary: 'One of the caller\'s access requests: its state and grant',
  },

  putPricePlan: {
    method: 'PUT', path: '/v1/price-plans/{tier}', function: 'price-plans', auth: 'operator', permission: 'price-plan:write', tag: 'billing',
    summary: 'Set a tier\'s prices (exact decimals) and included units', body: PricePlanInputSchema,
  },
  getPricePlan: {
    method: 'GET', path: '/v1/price-plans/{tier}', function: 'price-plans', auth: 'operator', permission: 'price-plan:read', tag: 'billing',
    summary: 'A tier\'s prices and included units',
  },
  listPricePlanVersions: {
    method: 'GET', path: '/v1/price-plans/{tier}/versions', function: 'price-plans', auth: 'operator', permission: 'price-plan:read', tag: 'billing',
    summary: 'Every version a tier\'s plan has had, newest first: its prices, who set them and when', query: PageQuerySchema,
  },
  tenantBillingExport: {
    method: 'GET', path: `${tenants}/billing/export`, function: 'billing', auth: 'operator', permission: 'billing:export', tag: 'billing',
    summary: 'The tenant\'s FOCUS 1.2 billing lines for a month (csv or json; granularity tenant or agent); large exports answer with a download link',
    query: ExportQuerySchema,
  },
  reconcile: {
    method: 'GET', path: `${tenants}/billing/reconcile`, function: 'billing', auth: 'operator', permission: 'billing:reconcile', tag: 'billing',
    summary: 'Billed decisions against audited decisions for a month, and the difference', query: ReconcileQuerySchema,
  },
  platformBillingExport: {
    method: 'GET', path: '/v1/billing/exports', function: 'billing', auth: 'operator', permission: 'billing:platform-export', tag: 'billing',
    summary: 'Every tenant\'s FOCUS 1.2 billing lines for a month', query: ExportQuerySchema,
  },
  closePeriod: {
    method: 'POST', path: '/v1/billing/periods/{period}/close', function: 'billing', auth: 'operator', permission: 'billing:close', tag: 'billing',
    summary: 'Freeze a month that is over: its exports never change; late usage is billed next month as corrections',
  },

  agentSelf: {
    method: 'GET', path: '/v1/agent/self', function: 'agent-self', auth: 'agent', tag: 'agent API',
    summary: 'The calling agent (a way to test a key)', response: AgentViewSchema,
  },
} as const satisfies Record<string, RouteSpec>;

export type RouteName = keyof typeof ROUTES;
