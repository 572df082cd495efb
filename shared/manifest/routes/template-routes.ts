/**
 * The template routes: the built-in templates, and applying one to a tenant (drafts, a role for
 * agent types, test scenarios; never a publish).
 */
import { ApplyTemplateSchema, ListTemplatesQuerySchema } from '../../templates/templates';
import type { RouteSpec } from '../route-spec';
import { TENANT_PATH } from './route-parts';

const templates = { function: 'templates', auth: 'operator', tag: 'templates' } as const;

export const TEMPLATE_ROUTES = {
  listTemplates: {
    ...templates,
    method: 'GET',
    path: '/v1/templates',
    permission: 'template:read',
    summary: 'The templates: policy patterns and agent types, with their parameters; filter kind',
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
} as const satisfies Record<string, RouteSpec>;
