/**
 * Request bodies and queries of the policy lifecycle routes (API.md "Tenant" and "Platform").
 * Policy documents themselves are validated by the engine's schema (shared/policy).
 */
import * as z from 'zod';
import { AgentIdSchema, DisplayTextSchema, EnvironmentSchema, LabelsSchema, ScopeNameSchema } from '../kernel/schemas';
import { TenantScopeSchema } from './policy-scope';

const Reason = DisplayTextSchema(500);
const VersionNumber = z.coerce.number().int().positive();

export const PublishSchema = z.object({ reason: Reason, deprecateAfterDays: z.number().int().min(0).max(365).default(7) }).strict();
export type PublishInput = z.infer<typeof PublishSchema>;

export const RollbackSchema = z.object({ toVersion: z.number().int().positive(), reason: Reason }).strict();
export type RollbackInput = z.infer<typeof RollbackSchema>;

export const DiffQuerySchema = z.object({ from: VersionNumber, to: VersionNumber }).strict();

export const EffectivePolicyQuerySchema = z.object({ agentId: AgentIdSchema }).strict();

/** An agent described by its attributes (simulations, test scenarios without an agentId). */
export const AgentAttributesSchema = z
  .object({
    team: ScopeNameSchema,
    role: ScopeNameSchema,
    environment: EnvironmentSchema,
    labels: LabelsSchema.optional(),
    name: z.string().max(200).optional(),
  })
  .strict();

export const RunTestsSchema = z
  .object({ scope: TenantScopeSchema.optional(), version: z.number().int().positive().optional() })
  .strict()
  .refine((input) => (input.scope === undefined) === (input.version === undefined), {
    message: 'give scope and version together',
    path: ['version'],
  })
  .default({});
export type RunTestsInput = z.infer<typeof RunTestsSchema>;

export const CandidateSchema = z.object({ scope: TenantScopeSchema, version: z.number().int().positive() }).strict();

/**
 * `PUT .../policies/{scope}` body: the document (`rules`, `defaults`) and why. The rules are
 * checked in depth by the engine (POLICY.md), which names the rule id and the reason.
 */
export const PolicyDraftSchema = z
  .object({
    reason: Reason,
    rules: z.array(z.unknown()).max(100_000),
    defaults: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

/** `POST .../versions/{version}/impact` body. */
export const ImpactSchema = z
  .object({
    sinceHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 31)
      .default(24),
    limit: z.number().int().min(1).max(10_000).default(10_000),
  })
  .strict()
  .default({ sinceHours: 24, limit: 10_000 });
export type ImpactInput = z.infer<typeof ImpactSchema>;
