/**
 * Organisation templates: the store (writes by the cross-tenant org-policy function; reads of the
 * `~platform#` partitions through the shared read-only client, so the tenant-scoped templates
 * function lists and applies them too) and the platform admin's use cases, which save org drafts
 * through the policy lifecycle.
 */
import { createDynamoDbOrgTemplateStore } from '../../../shared/adapters/dynamodb/dynamodb-org-template-store';
import { createOrgTemplates } from '../../../shared/templates/org-templates';
import { cursors } from './cursors';
import { tableClients, tables } from './dynamodb';
import { clock, ids } from './kernel';
import { once, onceAsync } from './once';
import { policyLifecycle, policyStore } from './policies';
import { tenantStates } from './tenancy-store';

/** Org templates, their versions and the required markers. */
export const orgTemplateStore = once(() => createDynamoDbOrgTemplateStore(tableClients(), tables()));

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
