/**
 * Policies: the compiler (one per execution environment, with its cache of compiled scopes) and
 * the lifecycle use cases (drafts, publishing through the test gate, rollback, simulation, impact)
 * on the policy store (policy-store.ts).
 */
import { createPolicyCompiler } from '../../../shared/policy/compile';
import { createPolicyLifecycle } from '../../../shared/policy-lifecycle/policy-lifecycle';
import { decisionStore } from './audit';
import { clock, ids } from './kernel';
import { cursors } from './cursors';
import { once, onceAsync } from './once';
import { policyStore } from './policy-store';
import { tenancyStore, tenantStates } from './tenancy-store';

/** Compiles policy scopes into their indexed form, cached by epoch. */
export const policyCompiler = once(() => createPolicyCompiler());

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
