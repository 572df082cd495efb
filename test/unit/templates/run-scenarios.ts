/** Runs instantiated template scenarios against the real policy engine, one compiled document in place. */
import type { PolicyDocument } from '../../../shared/policy/document';
import { compileScope } from '../../../shared/policy/compile';
import { runTestLibrary, type Scenario, type ScenarioResult } from '../../../shared/policy/test-runner';
import { validatePolicyDocument } from '../../../shared/policy/validate';

export const AGENT_ID = 'agt_01ABCDEFGHJKMNPQRSTVWXYZ00';
export const NOW_MS = Date.parse('2026-12-07T12:00:00Z');

/**
 * Each scenario decided with `document` as the policy of `scope` (validated and compiled as a
 * saved version would be): a described agent is synthetic; an agent named by id is AGENT_ID, in
 * `agentEnvironment`, and sees the agent scope.
 */
export async function runScenarios(
  scope: string,
  document: PolicyDocument,
  scenarios: readonly Scenario[],
  agentEnvironment = 'prod',
): Promise<ScenarioResult[]> {
  const compiled = compileScope(scope, 1, validatePolicyDocument(scope, document));
  return runTestLibrary(
    scenarios,
    async (scenario) => {
      if (scenario.agentId !== undefined) {
        if (scenario.agentId !== AGENT_ID) return undefined;
        const agent = { id: AGENT_ID, name: 'templated', team: 'any-team', role: 'any-role', environment: agentEnvironment, labels: {} };
        return { agent, scopes: [compiled] };
      }
      const described = scenario.agent!;
      const agent = {
        id: 'agt_01HYPOTHETICA1AGENT000000',
        name: described.name ?? 'test agent',
        team: described.team,
        role: described.role,
        environment: described.environment,
        labels: described.labels ?? {},
      };
      return { agent, scopes: [compiled] };
    },
    NOW_MS,
  );
}

/** The failures, readable in an assertion message. */
export const failuresOf = (results: readonly ScenarioResult[]) =>
  results
    .filter((result) => !result.passed)
    .map(
      (result) => `${result.test}: expected ${result.expected} ${result.expectedRule ?? ''}, got ${result.actual} ${result.rule?.id ?? ''}`,
    );
