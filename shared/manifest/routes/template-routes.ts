/**
 * The template routes: the built-in and org templates, and applying one to a tenant (drafts, a
 * role for agent types, test scenarios; never a publish). The platform admin's routes (org
 * templates and requiring a guardrail of every tenant) are served by org-policy, the cross-tenant
 * function that already writes the org document's drafts.
 */
import { PageQuerySchema } from '../../kernel/schemas';
import { ORG_TEMPLATE_LIMITS } from '../../templates/org-template-store';
import { PutOrgTemplateSchema, RequireTemplateSchema } from '../../templates/org-templates';
import { ApplyTemplateSchema, ListTemplatesQuerySchema } from '../../templates/templates';
import type { RouteSpec } from '../route-spec';
import { TENANT_PATH } from './route-parts';

const templates = { function: 'templates', auth: 'operator', tag: 'templates' } as const;
const orgTemplates = { function: 'org-policy', auth: 'operator', tag: 'templates' } as const;

export const TEMPLATE_ROUTES = {
  listTemplates: {
    ...templates,
    method: 'GET',
    path: '/v1/templates',
    permission: 'template:read',
    summary: "The templates, built-in and the org's own: policy patterns and agent types, with their parameters; filter kind",
    query: ListTemplatesQuerySchema,
  },
  applyTemplate: {
    ...templates,
    method: 'POST',
    path: `${TENANT_PATH}/templates/{templateId}/apply`,
    permission: 'template:apply',
    summary:
      'Apply a template: saves a new draft of its scope (never publishes), merges its scenarios into the test library; an agent type also creates or replaces its role',
    body: ApplyTemplateSchema,
    maxBodyBytes: 64 * 1024,
    // Every apply creates a new draft version (and, for agent types, may create a role).
    successStatus: 201,
  },
  putOrgTemplate: {
    ...orgTemplates,
    method: 'PUT',
    path: '/v1/templates/{templateId}',
    permission: 'template:write',
    summary: "Save an org template as its next version (1, 2, …; history kept); a built-in's id is refused",
    body: PutOrgTemplateSchema,
    maxBodyBytes: ORG_TEMPLATE_LIMITS.maxBodyBytes,
    // Every put creates a new version.
    successStatus: 201,
  },
  listOrgTemplateVersions: {
    ...orgTemplates,
    method: 'GET',
    path: '/v1/templates/{templateId}/versions',
    permission: 'template:versions',
    summary: "An org template's versions, newest first: who saved what, when and why",
    query: PageQuerySchema,
  },
  requireTemplate: {
    ...orgTemplates,
    method: 'POST',
    path: '/v1/templates/{templateId}/require',
    permission: 'template:write',
    summary:
      'Require a guardrail pattern of every tenant: its locked rules are saved as a new draft of the org document (never published here)',
    body: RequireTemplateSchema,
    maxBodyBytes: 16 * 1024,
    // Every require saves a new org draft version.
    successStatus: 201,
  },
} as const satisfies Record<string, RouteSpec>;
