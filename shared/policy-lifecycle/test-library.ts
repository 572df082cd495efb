/**
 * Bodies of the test library and simulation routes. Scenarios themselves are the engine's
 * (shared/policy/test-runner.ts).
 */
import * as z from 'zod';
import { AgentIdSchema } from '../kernel/schemas';
import { ScenarioRequestSchema, ScenarioSchema } from '../policy/test-runner';
import { AgentAttributesSchema, CandidateSchema } from './lifecycle-schemas';

/** `PUT .../policy-tests` body. */
export const TestLibraryInputSchema = z
  .object({ scenarios: z.array(ScenarioSchema).max(2000) })
  .strict()
  .refine((library) => new Set(library.scenarios.map((scenario) => scenario.name)).size === library.scenarios.length, {
    message: 'scenario names must be unique',
    path: ['scenarios'],
  });

/** `POST .../simulate` body: an agent (by id or attributes), a request, optionally a candidate version. */
export const SimulateSchema = z
  .object({
    agentId: AgentIdSchema.optional(),
    agent: AgentAttributesSchema.optional(),
    request: ScenarioRequestSchema,
    candidate: CandidateSchema.optional(),
  })
  .strict()
  .refine((input) => (input.agent === undefined) !== (input.agentId === undefined), {
    message: 'give agentId or agent',
    path: ['agentId'],
  });
