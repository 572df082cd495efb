/**
 * Playbooks: what a tenant wants Warden to do when something happens. A trigger (an event type and
 * conditions on its detail) and steps run in order, for real (`enforce`) or only recorded
 * (`dry_run`). Conditions are checked against the event catalog's own detail schema, so a
 * condition on a field the event does not carry is refused at once.
 */
import * as z from 'zod';
import { eventDetailSchema } from '../events/catalog';
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

/** What a detail field holds, from the catalog schema: its kind, and the values an enum allows. */
export interface MatchableField {
  readonly kind: 'number' | 'string' | 'boolean';
  readonly values?: readonly string[];
}

function fieldOf(schema: z.ZodType): MatchableField | undefined {
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodOptional) inner = inner.unwrap() as z.ZodType;
  if (inner instanceof z.ZodNumber) return { kind: 'number' };
  if (inner instanceof z.ZodEnum) return { kind: 'string', values: inner.options.map(String) };
  if (inner instanceof z.ZodString) return { kind: 'string' };
  if (inner instanceof z.ZodBoolean) return { kind: 'boolean' };
  return undefined;
}

/** The fields of an event's detail a condition may name (a map: no inherited names such as `constructor`). */
export function matchableFields(event: TriggerEvent): ReadonlyMap<string, MatchableField> {
  const shape = (eventDetailSchema(event) as z.ZodObject).shape as Record<string, z.ZodType>;
  const fields = new Map<string, MatchableField>();
  for (const [name, schema] of Object.entries(shape)) {
    const field = fieldOf(schema);
    if (field && name !== 'tenantId' && name !== 'auditId') fields.set(name, field);
  }
  return fields;
}

/** A condition's problem against the field it names, if any. */
function conditionProblem(field: MatchableField, name: string, condition: Condition): string | undefined {
  if (typeof condition === 'object') return field.kind === 'number' ? undefined : `${name} is not a number; match it by value`;
  if (typeof condition !== field.kind) return `${name} holds a ${field.kind}`;
  if (field.values && !field.values.includes(String(condition))) return `${name} is one of ${field.values.join(', ')}`;
  return undefined;
}

/**
 * `match`: at most MAX_CONDITIONS conditions by field name. zod drops a `__proto__` key without a
 * word, which would widen the trigger silently: it is refused before parsing.
 */
const MatchSchema = z.preprocess(
  (value, context) => {
    if (value !== null && typeof value === 'object' && Object.hasOwn(value, '__proto__'))
      context.addIssue({ code: 'custom', path: ['__proto__'], message: 'no event has a field __proto__', input: value });
    return value;
  },
  z
    .record(z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,63}$/, 'a field name'), ConditionSchema)
    .refine((match) => Object.keys(match).length <= MAX_CONDITIONS, `at most ${MAX_CONDITIONS} conditions`),
);

export const TriggerSchema = z
  .object({ event: z.enum(TRIGGER_EVENTS), match: MatchSchema.optional() })
  .strict()
  .superRefine((trigger, context) => {
    const fields = matchableFields(trigger.event);
    for (const [name, condition] of Object.entries(trigger.match ?? {})) {
      const field = fields.get(name);
      const problem = field
        ? conditionProblem(field, name, condition)
        : `${trigger.event} has no field ${name} to match (fields: ${[...fields.keys()].join(', ')})`;
      if (problem) context.addIssue({ code: 'custom', path: ['match', name], message: problem });
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
