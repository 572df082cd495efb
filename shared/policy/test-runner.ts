/**
 * The test library runner (POLICY.md "Test scenarios"): each scenario names an agent (by id or by
 * attributes), a request and the expected effect (and optionally the deciding rule); the runner
 * decides each one and reports pass or fail with expected, actual and the deciding rule. The
 * lifecycle uses it to gate publishing.
 */
import * as z from 'zod';
import type { CompiledScope } from './compile';
import { decide, type DecidingRule, type DecisionAgent } from './decide';
import { EffectSchema } from './document';
import { REQUEST_LIMITS, RequestContextSchema } from './request-limits';

const ScopeName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'a team or role name');

export const ScenarioRequestSchema = z
  .object({
    action: z.string().min(1).max(REQUEST_LIMITS.maxNameLength),
    tool: z.string().max(REQUEST_LIMITS.maxNameLength).optional(),
    resource: z.string().max(REQUEST_LIMITS.maxResourceLength).optional(),
    context: RequestContextSchema.optional(),
  })
  .strict();

export const ScenarioSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    agent: z
      .object({
        team: ScopeName,
        role: ScopeName,
        environment: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'an environment name'),
        labels: z.record(z.string(), z.string()).optional(),
        name: z.string().max(200).optional(),
      })
      .strict()
      .optional(),
    agentId: z
      .string()
      .regex(/^agt_[0-9A-Z]{26}$/, 'an agent id (agt_…)')
      .optional(),
    request: ScenarioRequestSchema,
    expect: EffectSchema,
    expectRule: z.string().min(1).max(128).optional(),
    /**
     * A scenario that came with a draft (a template's): it runs only once that version of its
     * scope, or a later one, is active or is the version being published, so a draft waiting to
     * be published does not fail every other publish.
     */
    waitsFor: z
      .object({ scope: z.string().min(1).max(200), version: z.number().int().positive() })
      .strict()
      .optional(),
  })
  .strict()
  .refine((scenario) => (scenario.agent === undefined) !== (scenario.agentId === undefined), {
    message: 'give agent or agentId',
    path: ['agent'],
  });
export type Scenario = z.infer<typeof ScenarioSchema>;

/** The outcome of one scenario. */
export interface ScenarioResult {
  readonly test: string;
  readonly passed: boolean;
  readonly expected: string;
  readonly actual: string;
  readonly expectedRule?: string;
  readonly rule?: DecidingRule;
  readonly reason: string;
}

/** What a scenario runs against: its agent and the compiled scopes governing it; undefined when its agent does not exist. */
export type ScenarioResolver = (scenario: Scenario) => Promise<{ agent: DecisionAgent; scopes: readonly CompiledScope[] } | undefined>;

/** Runs every scenario, in order, at `nowMs`. */
export async function runTestLibrary(scenarios: readonly Scenario[], resolve: ScenarioResolver, nowMs: number): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    const expectation = {
      test: scenario.name,
      expected: scenario.expect,
      ...(scenario.expectRule === undefined ? {} : { expectedRule: scenario.expectRule }),
    };
    const governed = await resolve(scenario);
    if (!governed) {
      results.push({ ...expectation, passed: false, actual: 'error', reason: `Agent ${scenario.agentId} does not exist` });
      continue;
    }
    const decision = decide({ ...governed, request: scenario.request, nowMs });
    const passed = decision.effect === scenario.expect && (scenario.expectRule === undefined || decision.rule?.id === scenario.expectRule);
    results.push({
      ...expectation,
      passed,
      actual: decision.effect,
      ...(decision.rule ? { rule: decision.rule } : {}),
      reason: decision.reason,
    });
  }
  return results;
}

/** Counts of a run, with every result. */
export const summarizeResults = (results: readonly ScenarioResult[]) => ({
  passed: results.filter((result) => result.passed).length,
  failed: results.filter((result) => !result.passed).length,
  results,
});
