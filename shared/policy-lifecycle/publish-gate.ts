/**
 * The publish gate (POLICY.md "Lifecycle"): a tenant scope is published only when the org's and
 * the tenant's test scenarios all pass with it in place; the org document only when every
 * tenant's do. Also runs a library on demand.
 */
import { PolicyTestsFailedError } from '../kernel/errors';
import type { DecisionAgent } from '../policy/decide';
import { runTestLibrary, type Scenario, type ScenarioResult, ScenarioSchema } from '../policy/test-runner';
import { factsOf, HYPOTHETICAL_AGENT_ID, type LifecycleContext } from './lifecycle-context';
import { type ActivePolicies, type Candidate, policySetFor } from './policy-set';
import { ORG_OWNER, type PolicyOwner, tenantOwner } from './policy-version';

const failureDetail = (result: ScenarioResult) => ({
  message: `${result.test}: expected ${result.expected}${result.expectedRule ? ` by ${result.expectedRule}` : ''}, got ${result.actual}${result.rule ? ` by ${result.rule.id} (${result.rule.scope} v${result.rule.version})` : ''}`,
  test: result.test,
  expected: result.expected,
  actual: result.actual,
  ...(result.expectedRule ? { expectedRule: result.expectedRule } : {}),
  ...(result.rule ? { rule: result.rule } : {}),
});

/** Whether a scenario runs now: one waiting for a version runs once it (or a later one) of its scope is active or the candidate. */
function isDue(scenario: Scenario, active: ActivePolicies, candidate: Candidate | undefined): boolean {
  const waits = scenario.waitsFor;
  if (waits === undefined) return true;
  if (candidate !== undefined && candidate.scope === waits.scope && candidate.version >= waits.version) return true;
  const head = waits.scope === 'org' ? active.org : active.tenant.get(waits.scope);
  return (head?.activeVersion ?? 0) >= waits.version;
}

export function createPublishGate(context: LifecycleContext) {
  const { store, tenancy, clock } = context.deps;

  /** Runs `scenarios` against one tenant's policies with `candidate` in place (no pins: tests check what is published). */
  async function runLibrary(tenantId: string, scenarios: readonly Scenario[], candidate?: Candidate): Promise<ScenarioResult[]> {
    const active = await context.activePolicies(tenantId, candidate?.scope === 'org' ? candidate : undefined);
    const nowMs = clock.nowMs();
    return runTestLibrary(
      scenarios.filter((scenario) => isDue(scenario, active, candidate)),
      async (scenario) => {
        let agent: DecisionAgent;
        if (scenario.agentId !== undefined) {
          const found = await tenancy.getAgent(tenantId, scenario.agentId);
          if (!found) return undefined;
          agent = factsOf(found);
        } else {
          const described = scenario.agent!;
          agent = {
            id: HYPOTHETICAL_AGENT_ID,
            name: described.name ?? 'test agent',
            team: described.team,
            role: described.role,
            environment: described.environment,
            labels: described.labels ?? {},
          };
        }
        const set = await policySetFor({
          active,
          agent: { id: agent.id, team: agent.team, role: agent.role },
          candidate,
          nowMs,
          loadVersion: context.loaderFor(tenantId),
        });
        return { agent, scopes: context.compiled(set.documents) };
      },
      nowMs,
    );
  }

  const libraryOf = async (owner: PolicyOwner): Promise<Scenario[]> =>
    ((await store.getTestLibrary(owner))?.scenarios ?? []).map((scenario) => ScenarioSchema.parse(scenario));

  return {
    runLibrary,

    /** The org's scenarios followed by the tenant's. */
    libraryFor: async (tenantId: string) => [...(await libraryOf(ORG_OWNER)), ...(await libraryOf(tenantOwner(tenantId)))],

    /** The gate of a tenant scope: org tests and the tenant's tests with the candidate in place; returns how many ran. */
    async gateTenant(tenantId: string, candidate: Candidate): Promise<number> {
      const [orgTests, tenantTests] = await Promise.all([libraryOf(ORG_OWNER), libraryOf(tenantOwner(tenantId))]);
      const results = await runLibrary(tenantId, [...orgTests, ...tenantTests], candidate);
      const failures = results.filter((result) => !result.passed);
      if (failures.length > 0) {
        throw new PolicyTestsFailedError(
          `${failures.length} of ${results.length} policy tests fail with ${candidate.scope} version ${candidate.version} in place`,
          failures.map((failure) => failureDetail(failure)),
        );
      }
      return results.length;
    },

    /** The gate of the org document: every tenant's library (with the org tests) under the candidate; returns how many ran. */
    async gateOrg(candidate: Candidate): Promise<number> {
      const orgTests = await libraryOf(ORG_OWNER);
      const failures: (ReturnType<typeof failureDetail> & { tenantId: string })[] = [];
      let run = 0;
      let after: string | undefined;
      for (;;) {
        const page = await tenancy.listTenants({ limit: 100, ...(after === undefined ? {} : { after }) });
        for (const tenant of page.items) {
          const results = await runLibrary(tenant.id, [...orgTests, ...(await libraryOf(tenantOwner(tenant.id)))], candidate);
          run += results.length;
          failures.push(
            ...results.filter((result) => !result.passed).map((failure) => ({ ...failureDetail(failure), tenantId: tenant.id })),
          );
        }
        const last = page.items[page.items.length - 1];
        if (!page.more || !last) break;
        after = last.id;
      }
      if (failures.length > 0) {
        const tenants = [...new Set(failures.map((failure) => failure.tenantId))];
        throw new PolicyTestsFailedError(
          `The org document would break the policy tests of ${tenants.length} tenant(s): ${tenants.join(', ')}`,
          failures,
        );
      }
      return run;
    },
  };
}
export type PublishGate = ReturnType<typeof createPublishGate>;
