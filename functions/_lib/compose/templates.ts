/**
 * Templates: applying one saves drafts and the test library through the policy lifecycle (with its
 * own permission checks) and creates roles through the teams-and-roles use cases, as an operator
 * would one by one. The org's own templates are read with the built-in ones.
 */
import { createTemplates } from '../../../shared/templates/templates';
import { onceAsync } from './once';
import { orgTemplateStore } from './org-template-store';
import { policyLifecycle } from './policies';
import { policyStore } from './policy-store';
import { tenancyServices } from './tenancy';
import { tenancyStore, tenantStates } from './tenancy-store';

/** The template use cases. */
export const templates = onceAsync(async () =>
  createTemplates({
    lifecycle: await policyLifecycle(),
    policies: policyStore(),
    roles: (await tenancyServices()).teamsAndRoles,
    agentEnvironment: async (tenantId, agentId) => (await tenancyStore().getAgent(tenantId, agentId))?.environment,
    orgTemplates: orgTemplateStore(),
  }),
);

/** What the template routes use. */
export const templateServices = onceAsync(async () => ({ tenantStates: tenantStates(), templates: await templates() }));
