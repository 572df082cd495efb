/**
 * The policy document (POLICY.md "Documents and scopes"): zod schemas with the defaults applied,
 * TypeScript types derived from them (document-text.ts reads YAML or JSON text).
 */
import * as z from 'zod';

export const EffectSchema = z.enum(['allow', 'deny', 'require_approval']);
export type Effect = z.infer<typeof EffectSchema>;

/** Restrictiveness: deny > require_approval > allow. */
export const RESTRICTIVENESS: Readonly<Record<Effect, number>> = { allow: 0, require_approval: 1, deny: 2 };

export const RiskSchema = z.enum(['low', 'medium', 'high', 'critical']);
export type Risk = z.infer<typeof RiskSchema>;

/** The most globs one field (`actions`, `tools`, `resources`) of a rule may list. */
export const MAX_GLOBS_PER_FIELD = 32;

const globs = (fallback: string) => z.array(z.string()).min(1).max(MAX_GLOBS_PER_FIELD).default([fallback]);

export const RuleSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/, 'letters, digits, "_", ".", ":", "-", 1 to 128 characters'),
    effect: EffectSchema,
    actions: globs('*'),
    tools: globs('*'),
    resources: globs('**'),
    environments: z.array(z.string().min(1).max(32)).min(1).max(50).optional(),
    when: z.string().optional(),
    risk: RiskSchema.default('low'),
    locked: z.boolean().default(false),
    message: z.string().max(1000).optional(),
    grantMinutes: z.number().int().min(1).max(10_080).optional(),
  })
  .strict();
export type Rule = z.infer<typeof RuleSchema>;

export const DefaultsSchema = z.record(z.string().min(1).max(32), EffectSchema);

export const PolicyDocumentSchema = z
  .object({
    defaults: DefaultsSchema.optional(),
    rules: z.array(RuleSchema).max(100_000).default([]),
  })
  .strict();
export type PolicyDocument = z.infer<typeof PolicyDocumentSchema>;
