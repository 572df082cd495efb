/**
 * Policies: the compiler (one per execution environment, with its cache of compiled scopes), the
 * policy store, and the lifecycle use cases (drafts, publishing through the test gate, rollback,
 * simulation, impact).
 */
import { createDynamoDbPolicyStore } from '../../../shared/adapters/dynamodb/dynamodb-policy-store';
import { createPolicyCompiler } from '../../../shared/policy/compile';
import { createPolicyLifecycle } from '../../../shared/policy-lifecycle/policy-lifecycle';
import { decisionStore } from './audit';
import { tableClients, tables } from './dynamodb';
import { clock, ids } from './kernel';
import { cursors } from './cursors';
import { once, onceAsync } from './once';
import { tenancyStore, tenantStates } from './tenancy-store';

/** Compiles policy scopes into their indexed form, cached by epoch. */
export const policyCompiler = once(() => createPolicyCompiler());

/** Policy versions, contents and test libraries. */
export const policyStore = once(() => createDynamoDbPolicyStore(tableClients(), tables()));

/** The policy lifecycle. */
export const policyLifecycle = onceAsync(async () =>
  createPolicyLifecycle({
    store: policyStore(),
    audit: decisionStore(),
    tenancy: tenancyStore(),
    compiler: policyCompiler(),
    clock: clock(),
    ids: ids(),
    cursors: await cursors(),
  }),
);

/** What the policy routes use. */
export const policyServices = onceAsync(async () => ({ tenantStates: tenantStates(), policies: await policyLifecycle() }));
