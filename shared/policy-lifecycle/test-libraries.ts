/**
 * The test libraries (POLICY.md "Test scenarios"): the org's and each tenant's scenarios, read,
 * replaced (a new version with a change record) and run against the active policies or with a
 * candidate version in place.
 */
import { checkPermission } from '../auth/permissions';
import type { OperatorPrincipal } from '../auth/principal';
import { domainEvent } from '../events/catalog';
import { isoAt } from '../kernel/clock';
import { type Scenario, summarizeResults } from '../policy/test-runner';
import { checkTestLibrarySize } from './content-limits';
import { candidateOf, type LifecycleContext, ownerTenantId } from './lifecycle-context';
import type { RunTestsInput } from './lifecycle-schemas';
import type { PublishGate } from './publish-gate';
import { type PolicyOwner, tenantOwner } from './policy-version';

export function createTestLibraries(context: LifecycleContext, gate: PublishGate) {
  const { store, clock } = context.deps;
  return {
    async getTests(principal: OperatorPrincipal, owner: PolicyOwner) {
      checkPermission(
        principal,
        owner.kind === 'org' ? 'org-policy:read' : 'policy:read',
        owner.kind === 'org' ? {} : { tenantId: owner.tenantId },
      );
      return (await store.getTestLibrary(owner)) ?? { scenarios: [], version: 0 };
    },

    async putTests(principal: OperatorPrincipal, owner: PolicyOwner, scenarios: readonly Scenario[]) {
      checkPermission(
        principal,
        owner.kind === 'org' ? 'org-policy:write' : 'policy-tests:write',
        owner.kind === 'org' ? {} : { tenantId: owner.tenantId },
      );
      checkTestLibrarySize(scenarios);
      const current = await store.getTestLibrary(owner);
      const library = { scenarios, version: (current?.version ?? 0) + 1, updatedAt: isoAt(clock.nowMs()), updatedBy: principal.sub };
      await store.putTestLibrary(
        owner,
        library,
        current?.version ?? 0,
        context.change(owner, principal, {
          action: 'policy_tests.saved',
          target: { type: 'policy-tests', id: owner.kind === 'org' ? 'org' : 'tenant' },
          before: { version: current?.version ?? null, scenarios: current?.scenarios.length ?? 0 },
          after: { version: library.version, scenarios: scenarios.length },
          event: domainEvent('PolicyTests.Saved', {
            tenantId: ownerTenantId(owner),
            scenarios: scenarios.length,
            version: library.version,
            actor: principal.sub,
          }),
        }),
      );
      return library;
    },

    /** Runs the org and tenant libraries against the active policies, or with a candidate version in place. */
    async runTests(principal: OperatorPrincipal, tenantId: string, input: RunTestsInput) {
      checkPermission(principal, 'policy:simulate', { tenantId });
      const candidate =
        input.scope === undefined || input.version === undefined
          ? undefined
          : await context.requireVersion(tenantOwner(tenantId), input.scope, input.version);
      return summarizeResults(await gate.runLibrary(tenantId, await gate.libraryFor(tenantId), candidate && candidateOf(candidate)));
    },
  };
}
