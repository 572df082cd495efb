/**
 * The policy lifecycle (POLICY.md "Lifecycle", the policy routes): its parts, each a module of
 * one purpose, over one shared context — writing (drafts, publishing through the test gate,
 * rollback), reading (history, diff, effective policy), test libraries, impact replay and
 * simulation. Every change leaves a change record (audit + event).
 */
import { createDraftsAndPublishing } from './drafts-and-publishing';
import { createImpactReplay } from './impact-replay';
import { createLifecycleContext, type PolicyLifecycleDeps } from './lifecycle-context';
import { createPolicyHistory } from './policy-history';
import { createPublishGate } from './publish-gate';
import { createSimulation } from './simulation';
import { createTestLibraries } from './test-libraries';

/** Creates the policy lifecycle use cases. */
export function createPolicyLifecycle(deps: PolicyLifecycleDeps) {
  const context = createLifecycleContext(deps);
  const gate = createPublishGate(context);
  return {
    ...createDraftsAndPublishing(context, gate),
    ...createPolicyHistory(context),
    ...createTestLibraries(context, gate),
    impact: createImpactReplay(context),
    ...createSimulation(context),
  };
}
export type PolicyLifecycle = ReturnType<typeof createPolicyLifecycle>;
