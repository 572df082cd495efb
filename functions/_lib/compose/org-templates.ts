/**
 * Organisation templates: the platform admin's use cases over the store (org-template-store.ts),
 * which save org drafts through the policy lifecycle.
 */
import { createOrgTemplates } from '../../../shared/templates/org-templates';
import { cursors } from './cursors';
import { clock, ids } from './kernel';
import { onceAsync } from './once';
import { orgTemplateStore } from './org-template-store';
import { policyLifecycle } from './policies';
import { policyStore } from './policy-store';
import { tenantStates } from './tenancy-store';

/** What the platform's template routes use (served by org-policy). */
export const orgTemplateServices = onceAsync(async () => ({
  tenantStates: tenantStates(),
  orgTemplates: createOrgTemplates({
    store: orgTemplateStore(),
    lifecycle: await policyLifecycle(),
    policies: policyStore(),
    clock: clock(),
    ids: ids(),
    cursors: await cursors(),
  }),
}));
