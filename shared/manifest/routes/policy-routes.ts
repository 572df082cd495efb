/**
 * Routes of tenant policies, their test libraries and simulation, and of the org base policy.
 */
import { PageQuerySchema } from '../../kernel/schemas';
import {
  DiffQuerySchema,
  EffectivePolicyQuerySchema,
  ImpactSchema,
  PolicyDraftSchema,
  PublishSchema,
  RollbackSchema,
  RunTestsSchema,
} from '../../policy-lifecycle/lifecycle-schemas';
import { MAX_POLICY_BODY_BYTES, MAX_TEST_LIBRARY_BODY_BYTES } from '../../policy-lifecycle/content-limits';
import { SimulateSchema, TestLibraryInputSchema } from '../../policy-lifecycle/test-library';
import type { RouteSpec } from '../route-spec';
import { POLICIES_PATH, SCOPE_PATH, TENANT_PATH } from './route-parts';

export const POLICY_ROUTES = {
  savePolicy: {
    method: 'PUT', path: SCOPE_PATH, function: 'policies-write', auth: 'operator', permission: 'policy:write', tag: 'policies',
    summary: 'Save a new draft version of a scope (nothing changes for agents until it is published)', body: PolicyDraftSchema, successStatus: 201,
    bodyFormats: ['json', 'yaml'], maxBodyBytes: MAX_POLICY_BODY_BYTES,
  },
  listPolicies: {
    method: 'GET', path: POLICIES_PATH, function: 'policies-read', auth: 'operator', permission: 'policy:read', tag: 'policies',
    summary: 'Every scope with its latest and active version',
  },
  listPolicyVersions: {
    method: 'GET', path: `${SCOPE_PATH}/versions`, function: 'policies-read', auth: 'operator', permission: 'policy:read', tag: 'policies',
    summary: "A scope's versions, newest first", query: PageQuerySchema,
  },
  getPolicyVersion: {
    method: 'GET', path: `${SCOPE_PATH}/versions/{version}`, function: 'policies-read', auth: 'operator', permission: 'policy:read', tag: 'policies',
    summary: 'One version with its document',
  },
  publishPolicy: {
    method: 'POST', path: `${SCOPE_PATH}/versions/{version}/publish`, function: 'policies-write', auth: 'operator', permission: 'policy:write', tag: 'policies',
    summary: "Publish a draft: the org's and the tenant's tests must pass with it in place (422 otherwise)", body: PublishSchema,
  },
  policyImpact: {
    method: 'POST', path: `${SCOPE_PATH}/versions/{version}/impact`, function: 'policy-impact', auth: 'operator', permission: 'policy:simulate', tag: 'policies',
    summary: 'Replay recent audited requests with a version in place: counts of old → new effect, with examples', body: ImpactSchema,
  },
  rollbackPolicy: {
    method: 'POST', path: `${SCOPE_PATH}/rollback`, function: 'policies-write', auth: 'operator', permission: 'policy:write', tag: 'policies',
    summary: "Publish an earlier version's content as a new version, through the same gate", body: RollbackSchema,
  },
  diffPolicy: {
    method: 'GET', path: `${SCOPE_PATH}/diff`, function: 'policies-read', auth: 'operator', permission: 'policy:read', tag: 'policies',
    summary: 'Rule-level differences between two versions', query: DiffQuerySchema,
  },
  effectivePolicy: {
    method: 'GET', path: `${TENANT_PATH}/effective-policy`, function: 'policies-read', auth: 'operator', permission: 'policy:read', tag: 'policies',
    summary: 'Every rule governing an agent, each with its scope and version', query: EffectivePolicyQuerySchema,
  },
  putPolicyTests: {
    method: 'PUT', path: `${TENANT_PATH}/policy-tests`, function: 'policy-tests', auth: 'operator', permission: 'policy-tests:write', tag: 'policies',
    summary: "Replace the tenant's test scenario library", body: TestLibraryInputSchema,
    bodyFormats: ['json', 'yaml'], maxBodyBytes: MAX_TEST_LIBRARY_BODY_BYTES,
  },
  getPolicyTests: {
    method: 'GET', path: `${TENANT_PATH}/policy-tests`, function: 'policy-tests', auth: 'operator', permission: 'policy:read', tag: 'policies',
    summary: "The tenant's test scenario library",
  },
  runPolicyTests: {
    method: 'POST', path: `${TENANT_PATH}/policy-tests/run`, function: 'policy-tests', auth: 'operator', permission: 'policy:simulate', tag: 'policies',
    summary: 'Run the org and tenant libraries against the active policies or with a candidate version in place', body: RunTestsSchema,
  },
  simulate: {
    method: 'POST', path: `${TENANT_PATH}/simulate`, function: 'policies-simulate', auth: 'operator', permission: 'policy:simulate', tag: 'policies',
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
} as const satisfies Record<string, RouteSpec>;
