/**
 * Agent registration: the agent registry that also registers an agent from a template, taking its
 * role, labels and quotas from the built-in and org agent types (shared/templates; org ones read
 * through the shared client). Kept apart from the tenancy composition so that only the
 * registration function carries the templates, and the policy language's validation that checks
 * their parameters; tenancy does not import templates.
 */
import { createAgentRegistry } from '../../../shared/tenancy/agent-registry';
import { agentRegistrationDefaultsWithOrg } from '../../../shared/templates/templates';
import { onceAsync } from './once';
import { orgTemplateStore } from './org-template-store';
import { tenancyDeps } from './tenancy';
import { tenantStates } from './tenancy-store';

/** What the registration route uses. */
export const agentRegistrationServices = onceAsync(async () => ({
  tenantStates: tenantStates(),
  agents: createAgentRegistry(await tenancyDeps(), {
    agentTypeDefaults: (templateId, parameters) => agentRegistrationDefaultsWithOrg(orgTemplateStore(), templateId, parameters),
  }),
}));
