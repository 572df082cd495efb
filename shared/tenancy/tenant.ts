/**
 * Tenants: the business units onboarded onto Warden. Schemas for what callers send and what is stored.
 */
import * as z from 'zod';
import { HygieneSettingsSchema } from '../hygiene/hygiene-settings';
import { DisplayTextSchema, EnvironmentSchema, QuotasSchema, TenantIdSchema, TimestampSchema } from '../kernel/schemas';

/** A tier names the price plan a tenant is billed on. */
export const TierSchema = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'lowercase letters, digits and "-", up to 32 characters');

/** Tenant settings, with their defaults. */
export const TenantSettingsSchema = z
  .object({
    /** Days an agent API key stays valid after it is issued. */
    apiKeyTtlDays: z.number().int().min(1).max(730).default(90),
    /** Minutes an approval waits at one level before it escalates (and then expires). */
    approvalTimeoutMinutes: z.number().int().min(1).max(10_080).default(240),
  })
  .strict();

const environments = z
  .array(EnvironmentSchema)
  .min(1)
  .max(10)
  .refine((list) => new Set(list).size === list.length, 'environments must be distinct');

/** `POST /v1/tenants` body. */
export const OnboardTenantSchema = z
  .object({
    id: TenantIdSchema,
    name: DisplayTextSchema(200),
    tier: TierSchema,
    environments,
    quotas: QuotasSchema.optional(),
    retentionDays: z.number().int().min(1).max(3650).default(90),
    settings: TenantSettingsSchema.default({ apiKeyTtlDays: 90, approvalTimeoutMinutes: 240 }),
    hygiene: HygieneSettingsSchema.optional(),
  })
  .strict();
export type OnboardTenantInput = z.infer<typeof OnboardTenantSchema>;

export const TenantStatusSchema = z.enum(['active', 'suspended']);
export type TenantStatus = z.infer<typeof TenantStatusSchema>;

/** `PATCH /v1/tenants/{tenantId}` body: every field optional, at least one present. */
export const UpdateTenantSchema = z
  .object({
    name: DisplayTextSchema(200).optional(),
    tier: TierSchema.optional(),
    quotas: QuotasSchema.optional(),
    status: TenantStatusSchema.optional(),
    retentionDays: z.number().int().min(1).max(3650).optional(),
    environments: environments.optional(),
    settings: TenantSettingsSchema.partial().strict().optional(),
    /** Merged into the stored limits; a field set to null is not accepted (set the default's value instead). */
    hygiene: HygieneSettingsSchema.optional(),
    reason: DisplayTextSchema(500).optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).some((key) => key !== 'reason'), 'nothing to change');
export type UpdateTenantInput = z.infer<typeof UpdateTenantSchema>;

/** A tenant as stored and returned. */
export const TenantSchema = z.object({
  id: TenantIdSchema,
  name: z.string(),
  tier: TierSchema,
  environments: z.array(EnvironmentSchema),
  quotas: QuotasSchema,
  retentionDays: z.number().int(),
  settings: z.object({ apiKeyTtlDays: z.number().int(), approvalTimeoutMinutes: z.number().int() }),
  /** Hygiene limits the tenant set (shared/hygiene/hygiene-settings.ts); absent: the defaults. */
  hygiene: HygieneSettingsSchema.optional(),
  status: TenantStatusSchema,
  createdAt: TimestampSchema,
  createdBy: z.string(),
  updatedAt: TimestampSchema,
  /** Bumped by every change that can alter an authorization answer; caches are keyed by it. */
  epoch: z.number().int().nonnegative(),
  /** Optimistic-concurrency version of this record. */
  version: z.number().int().positive(),
});
export type Tenant = z.infer<typeof TenantSchema>;
