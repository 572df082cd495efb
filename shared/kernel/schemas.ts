/**
 * Zod schemas for values that appear across areas (ids, names, quotas, periods). Types are derived
 * from the schemas, never written twice.
 */
import * as z from 'zod';
import { TENANT_ID_PATTERN } from './tenant-id';

/** A tenant id: lowercase letters, digits and inner hyphens; it begins every key of the tenant's data. */
export const TenantIdSchema = z.string().regex(TENANT_ID_PATTERN, 'lowercase letters, digits and inner hyphens, 1 to 40 characters');
export type TenantId = z.infer<typeof TenantIdSchema>;

/** A name used in policy scopes (teams, roles): it appears in `team:<name>` and `role:<name>`. */
export const ScopeNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, "_", "." and "-", 1 to 64 characters, starting with a letter or digit');

/** An environment name such as dev, staging or prod. */
export const EnvironmentSchema = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'lowercase letters, digits and "-", up to 32 characters');

/** Free text shown to humans. */
export const DisplayTextSchema = (max: number) => z.string().trim().min(1).max(max);

/** Labels on an agent: small string map, visible to policy conditions as `agent.labels`. */
export const LabelsSchema = z
  .record(
    z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_./-]{0,62}$/, 'label keys are 1 to 63 letters, digits, "_", ".", "/", "-"'),
    z.string().max(256),
  )
  .refine((labels) => Object.keys(labels).length <= 50, 'at most 50 labels');

/** Quotas wherever they are set (tenant, team, role, agent); absent means unlimited at that level. */
export const QuotasSchema = z
  .object({
    decisionsPerDay: z.number().int().positive().max(1_000_000_000).optional(),
    decisionsPerMonth: z.number().int().positive().max(100_000_000_000).optional(),
  })
  .strict();
export type Quotas = z.infer<typeof QuotasSchema>;

/** A billing or usage period, `YYYY-MM`. */
export const PeriodSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');

/** An ISO 8601 UTC timestamp as stored and returned. */
export const TimestampSchema = z.iso.datetime();

/** Page size for list routes. */
export const LimitSchema = z.coerce.number().int().min(1).max(1000).default(100);

/** The query of a list route: page size and the cursor of the page before. */
export const PageQuerySchema = z.object({ limit: LimitSchema, cursor: z.string().max(2048).optional() }).strict();

/** An agent's id: `agt_` and a ULID. */
export const AgentIdSchema = z.string().regex(/^agt_[0-9A-Z]{26}$/, 'an agent id (agt_…)');
