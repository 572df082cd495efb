/**
 * Teams group a tenant's agents; team leads govern their teams' agents and policies.
 * Roles describe what an agent is for; a role's rules live in the policy scope `role:<name>`.
 */
import * as z from 'zod';
import { DisplayTextSchema, QuotasSchema, ScopeNameSchema, TimestampSchema } from '../kernel/schemas';

/** `POST /v1/tenants/{t}/teams` body. */
export const CreateTeamSchema = z
  .object({
    name: ScopeNameSchema,
    description: DisplayTextSchema(500).optional(),
    quotas: QuotasSchema.optional(),
  })
  .strict();
export type CreateTeamInput = z.infer<typeof CreateTeamSchema>;

/**
 * `PATCH /v1/tenants/{t}/teams/{team}` body (tenant admins): `quotas` replaces the team's quotas
 * (`{}` removes them); the name cannot change (policies name the team in `team:<name>`).
 */
export const UpdateTeamSchema = z
  .object({
    description: DisplayTextSchema(500).optional(),
    quotas: QuotasSchema.optional(),
    reason: DisplayTextSchema(500).optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).some((key) => key !== 'reason'), 'nothing to change');
export type UpdateTeamInput = z.infer<typeof UpdateTeamSchema>;

export const TeamSchema = z.object({
  tenantId: z.string(),
  name: ScopeNameSchema,
  description: z.string().optional(),
  quotas: QuotasSchema,
  createdAt: TimestampSchema,
  createdBy: z.string(),
  /** Set by the first change after creation. */
  updatedAt: TimestampSchema.optional(),
  updatedBy: z.string().optional(),
  version: z.number().int().positive(),
});
export type Team = z.infer<typeof TeamSchema>;

/** `PUT /v1/tenants/{t}/roles/{role}` body. */
export const PutRoleSchema = z
  .object({
    description: DisplayTextSchema(500),
    quotas: QuotasSchema.optional(),
  })
  .strict();
export type PutRoleInput = z.infer<typeof PutRoleSchema>;

export const AgentRoleSchema = z.object({
  tenantId: z.string(),
  name: ScopeNameSchema,
  description: z.string(),
  /** Defaults for the quotas of agents with this role (an agent's own quotas win). */
  quotas: QuotasSchema,
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  updatedBy: z.string(),
  version: z.number().int().positive(),
});
export type AgentRole = z.infer<typeof AgentRoleSchema>;
