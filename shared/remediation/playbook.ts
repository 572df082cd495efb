/**
 * Playbooks: what a tenant wants Warden to do when something happens. A trigger (an event type and
 * conditions on its detail) and steps run in order, for real (`enforce`) or only recorded
 * (`dry_run`). Conditions are checked against the event catalog's own detail schema, so a
 * condition on a field the event does not carry is refused at once.
 */
import * as z from 'zod';
import { EVENT_CATALOG } from '../events/catalog';
import { DisplayTextSchema, ScopeNameSchema, TimestampSchema } from '../kernel/schemas';

/** The events a playbook may start from. */
export const TRIGGER_EVENTS = [
  'Anomaly.Detected',
  'Incident.Opened',
  'Quota.Threshold',
  'Key.Expiring',
  'Key.Expired',
  'Agent.Inactive',
] as const;
export type TriggerEvent = (typeof TRIGGER_EVENTS)[number];

/** Playbooks a tenant may have. */
export const MAX_PLAYBOOKS = 50;
/** Steps in a playbook, at most. */
export const MAX_STEPS = 20;
/** Conditions in a trigger's `match`, at most. */
export const MAX_CONDITIONS = 10;

/** A condition on one detail field: equal to a value, or a numeric range. */
const ConditionSchema = z.union([
  z.string().max(256),
  z.number(),
  z.boolean(),
  z
    .object({ gte: z.number().optional(), lte: z.number().optional() })
    .strict()
    .refine((range) => range.gte !== undefined || range.lte !== undefined, 'a range needs gte or lte'),
]);
export type Condition = z.infer<typeof ConditionSchema>;

/** The kind of value a detail field holds, from the catalog schema (`other`: not matchable). */
function fieldKind(schema: z.ZodType): 'number' | 'string' | 'boolean' | 'other' {
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodOptional) inner = inner.unwrap() as z.ZodType;
  if (inner instanceof z.ZodNumber) return 'number';
  if (inner instanceof z.ZodString || inner instanceof z.ZodEnum) return 'string';
  if (inner instanceof z.ZodBoolean) return 'boolean';
  return 'other';
}

/** The fields of an event's detail a condition may name, and their kinds. */
export function matchableFields(event: TriggerEvent): Record<string, 'number' | 'string' | 'boolean'> {
  const shape = (EVENT_CATALOG[event].detail as z.ZodObject).shape as Record<string, z.ZodType>;
  const fields: Record<string, 'number' | 'string' | 'boolean'> = {};
  for (const [name, schema] of Object.entries(shape)) {
    const kind = fieldKind(schema);
    if (kind !== 'other' && name !== 'tenantId' && name !== 'auditId') fields[name] = kind;
  }
  return fields;
}

export const TriggerSchema = z
  .object({
    event: z.enum(TRIGGER_EVENTS),
    match: z
      .record(z.string().max(64), ConditionSchema)
      .refine((match) => Object.keys(match).length <= MAX_CONDITIONS, `at most ${MAX_CONDITIONS} conditions`)
      .optional(),
  })
  .strict()
  .superRefine((trigger, context) => {
    const fields = matchableFields(trigger.event);
    for (const [field, condition] of Object.entries(trigger.match ?? {})) {
      const kind = fields[field];
      const path = ['match', field];
      if (kind === undefined)
        context.addIssue({
          code: 'custom',
          path,
          message: `${trigger.event} has no field ${field} to match (fields: ${Object.keys(fields).join(', ')})`,
        });
      else if (typeof condition === 'object' && kind !== 'number')
        context.addIssue({ code: 'custom', path, message: `${field} is not a number; match it by value` });
      else if (typeof condition !== 'object' && typeof condition !== kind)
        context.addIssue({ code: 'custom', path, message: `${field} holds a ${kind}` });
    }
  });
export type Trigger = z.infer<typeof TriggerSchema>;

const SeveritySchema = z.enum(['low', 'medium', 'high', 'critical']);

/** One step of a playbook. */
export const StepSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('suspend_agent') }).strict(),
  z.object({ type: z.literal('quarantine_agent'), hours: z.number().int().min(1).max(168) }).strict(),
  z.object({ type: z.literal('revoke_grants') }).strict(),
  z.object({ type: z.literal('expire_key') }).strict(),
  z.object({ type: z.literal('decommission_agent') }).strict(),
  z.object({ type: z.literal('open_incident'), severity: SeveritySchema.default('high') }).strict(),
  z.object({ type: z.literal('notify'), channel: ScopeNameSchema.optional() }).strict(),
  z.object({ type: z.literal('wait_for_approval') }).strict(),
  z.object({ type: z.literal('wait'), minutes: z.number().int().min(1).max(1440) }).strict(),
]);
export type Step = z.infer<typeof StepSchema>;
export type StepType = Step['type'];

/** `PUT /v1/tenants/{t}/playbooks/{id}` body. */
export const PlaybookInputSchema = z
  .object({
    description: DisplayTextSchema(1000).optional(),
    trigger: TriggerSchema,
    steps: z.array(StepSchema).min(1).max(MAX_STEPS),
    mode: z.enum(['enforce', 'dry_run']).default('enforce'),
    enabled: z.boolean().default(true),
  })
  .strict();
export type PlaybookInput = z.infer<typeof PlaybookInputSchema>;
export type PlaybookMode = PlaybookInput['mode'];

/** A playbook as stored. */
export const PlaybookSchema = PlaybookInputSchema.extend({
  tenantId: z.string(),
  id: z.string(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  updatedBy: z.string(),
  version: z.number().int().positive(),
});
export type Playbook = z.infer<typeof PlaybookSchema>;

/** A playbook as the API shows it. */
export const playbookView = ({ tenantId: _tenant, ...playbook }: Playbook) => playbook;
