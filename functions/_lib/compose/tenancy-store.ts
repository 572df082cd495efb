/**
 * The tenancy store, the cached tenant states every operator route checks, and the agent key
 * authenticator: what most functions need of tenancy, without the tenancy use cases (their
 * schemas and their code stay out of the bundles of the agent authorizer and the decision path).
 */
import { createDynamoDbTenancyStore } from '../../../shared/adapters/dynamodb/dynamodb-tenancy-store';
import { createAgentKeyAuthenticator } from '../../../shared/tenancy/agent-key-authenticator';
import { createTenantStateCache } from '../../../shared/tenancy/tenant-state-cache';
import { config } from '../config';
import { tableClients, tables } from './dynamodb';
import { clock } from './kernel';
import { once } from './once';

/** The tenancy store. */
export const tenancyStore = once(() => createDynamoDbTenancyStore(tableClients(), tables()));

/** Tenants by id, fresh within the configured staleness bound. */
export const tenantStates = once(() =>
  createTenantStateCache({ store: tenancyStore(), clock: clock(), stalenessMs: config().cacheStalenessMs }),
);

/** API keys to agents (the agent authorizer). */
export const agentKeys = once(() =>
  createAgentKeyAuthenticator({
    store: tenancyStore(),
    tenants: tenantStates(),
    clock: clock(),
    lastSeenResolutionMs: config().lastSeenResolutionMs,
  }),
);
