/**
 * The org template store on its own, so that functions that only read org templates (templates,
 * agents-register) do not import the platform admin's use cases and the policy lifecycle they use.
 * Writes come from the cross-tenant org-policy function; reads of the `~platform#` partitions go
 * through the shared read-only client.
 */
import { createDynamoDbOrgTemplateStore } from '../../../shared/adapters/dynamodb/dynamodb-org-template-store';
import { tableClients, tables } from './dynamodb';
import { once } from './once';

/** Org templates, their versions and the required markers. */
export const orgTemplateStore = once(() => createDynamoDbOrgTemplateStore(tableClients(), tables()));
