/**
 * Templates: ready-made policy patterns and agent types a tenant applies with a few parameters
 * (docs/policy-language.md is the language their rules are written in). Zod schemas with the types
 * derived from them; instantiate.ts turns a template and its parameters into rules and scenarios.
 *
 * Strings in a template may hold placeholders:
 * - `{{name}}` — the parameter's value (a number in decimal, a list joined with ", ");
 * - `{{name[i]}}` — entry i of a string-list parameter;
 * - `{{name+n}}`, `{{name-n}}` — a number parameter plus or minus an integer n;
 * - `…|sample}}` — a glob made into a value it matches (`*` and `**` → `sample`, `?` → `x`), for
 *   scenarios that need a request the listed globs cover.
 * In a rule's `when`, a placeholder is written as a CEL literal (a string quoted, a list as a list
 * literal), so no parameter value can change the shape of a condition. An array entry that is
 * exactly `{{list}}` expands to the list; a string that is exactly one placeholder in a scenario's
 * `context` or an agent type's pattern parameters keeps the value's type (a number stays a number).
 */
import * as z from 'zod';
import { DisplayTextSchema, LabelsSchema, QuotasSchema } from '../kernel/schemas';
import { DefaultsSchema, EffectSchema, RiskSchema } from '../policy/document';
import { compileRegex, regexProblem } from '../policy/regex';
import { TemplateIdSchema } from './template-id';
import { MAX_TEMPLATE_PARAMETERS } from './template-parameters-input';

export const TEMPLATE_LIMITS = {
  /** Parameters of a template, and parameters given to one. */
  maxParameters: MAX_TEMPLATE_PARAMETERS,
  /** Characters of a string parameter value and of each list entry. */
  maxStringLength: 256,
  /** Entries of a string-list parameter value. */
  maxListEntries: 32,
  /** Scenarios of a test library after a template's are merged in. */
  maxScenarios: 2000,
} as const;

export { TemplateIdSchema };

/** A parameter name: an identifier. */
export const ParameterNameSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'an identifier: a letter, then letters, digits, "_"');

export const ParameterTypeSchema = z.enum(['string', 'number', 'string-list']);
export type ParameterType = z.infer<typeof ParameterTypeSchema>;

/** A parameter's value, as given or by default. */
export const ParameterValueSchema = z.union([
  z.string().max(TEMPLATE_LIMITS.maxStringLength),
  z.number(),
  z.array(z.string().max(TEMPLATE_LIMITS.maxStringLength)).max(TEMPLATE_LIMITS.maxListEntries),
]);
export type ParameterValue = z.infer<typeof ParameterValueSchema>;
/** Resolved values by parameter name (an optional parameter without a default may be absent). */
export type ParameterValues = Readonly<Record<string, ParameterValue>>;

/** One placeholder: `{{name}}`, `{{name[i]}}`, `{{name+n}}`, `{{name-n}}`, each optionally `|sample`. */
export const PLACEHOLDER_SOURCE = String.raw`\{\{([A-Za-z][A-Za-z0-9_]{0,63})(?:\[(\d{1,2})\])?(?:([+-])(\d{1,9}))?(\|sample)?\}\}`;

export interface PlaceholderRef {
  readonly text: string;
  readonly name: string;
  readonly index?: number;
  readonly offset?: number;
  readonly sample: boolean;
}

/** The placeholders in `text`, in order. */
export function placeholdersIn(text: string): PlaceholderRef[] {
  return [...text.matchAll(new RegExp(PLACEHOLDER_SOURCE, 'g'))].map((match) => ({
    text: match[0],
    name: match[1]!,
    ...(match[2] === undefined ? {} : { index: Number(match[2]) }),
    ...(match[3] === undefined ? {} : { offset: (match[3] === '-' ? -1 : 1) * Number(match[4]) }),
    sample: match[5] !== undefined,
  }));
}

/** The placeholder `text` is exactly, if it is one. */
export function wholePlaceholder(text: string): PlaceholderRef | undefined {
  const [only] = placeholdersIn(text);
  return only !== undefined && only.text === text ? only : undefined;
}

const ParameterFields = z
  .object({
    name: ParameterNameSchema,
    description: DisplayTextSchema(500),
    type: ParameterTypeSchema,
    default: ParameterValueSchema.optional(),
    /** Strings and list entries: a regular expression (RE2) the whole value must match. */
    pattern: z.string().min(1).max(240).optional(),
    enum: z
      .array(z.union([z.string().max(TEMPLATE_LIMITS.maxStringLength), z.number()]))
      .min(1)
      .max(64)
      .optional(),
    /** Numbers only. */
    minimum: z.number().optional(),
    maximum: z.number().optional(),
    integer: z.boolean().optional(),
    /** Numbers only: the value must be greater than this other number parameter's. */
    greaterThan: ParameterNameSchema.optional(),
    /** String lists only. */
    minItems: z.number().int().min(0).max(TEMPLATE_LIMITS.maxListEntries).optional(),
    /** Default: true when there is no default. */
    required: z.boolean().optional(),
  })
  .strict();
type ParameterInput = z.infer<typeof ParameterFields>;

/** The whole-value regular expression of a `pattern` (anchored here). */
export const anchoredPattern = (pattern: string) => `^(?:${pattern})$`;

/** Why `value` is not a valid value of `parameter` (the bounds included), or undefined. */
export function parameterValueProblem(parameter: Omit<ParameterInput, 'required'>, value: unknown): string | undefined {
  const matchesPattern = (text: string) => parameter.pattern === undefined || compileRegex(anchoredPattern(parameter.pattern)).test(text);
  const max = TEMPLATE_LIMITS.maxStringLength;
  switch (parameter.type) {
    case 'string':
      if (typeof value !== 'string') return 'must be a string';
      if (value.length > max) return `must have at most ${max} characters`;
      if (!matchesPattern(value)) return `must match ${anchoredPattern(parameter.pattern!)}`;
      if (parameter.enum && !parameter.enum.includes(value)) return `must be one of ${parameter.enum.join(', ')}`;
      return undefined;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
      if (parameter.integer && !Number.isInteger(value)) return 'must be an integer';
      if (parameter.minimum !== undefined && value < parameter.minimum) return `must be at least ${parameter.minimum}`;
      if (parameter.maximum !== undefined && value > parameter.maximum) return `must be at most ${parameter.maximum}`;
      if (parameter.enum && !parameter.enum.includes(value)) return `must be one of ${parameter.enum.join(', ')}`;
      return undefined;
    case 'string-list': {
      if (!Array.isArray(value)) return 'must be a list of strings';
      if (value.length > TEMPLATE_LIMITS.maxListEntries) return `must have at most ${TEMPLATE_LIMITS.maxListEntries} entries`;
      if (parameter.minItems !== undefined && value.length < parameter.minItems) return `must have at least ${parameter.minItems} entries`;
      const bad = value.findIndex((entry) => typeof entry !== 'string' || entry.length > max || !matchesPattern(entry));
      if (bad >= 0)
        return `entry ${bad} must be a string of at most ${max} characters${parameter.pattern ? ` matching ${anchoredPattern(parameter.pattern)}` : ''}`;
      return undefined;
    }
  }
}

export const ParameterSchema = ParameterFields.superRefine((parameter, context) => {
  let refused = false;
  const refuse = (path: string, message: string) => {
    refused = true;
    context.addIssue({ code: 'custom', path: [path], message });
  };
  const { type } = parameter;
  if (parameter.pattern !== undefined) {
    if (type === 'number') refuse('pattern', 'pattern is for string and string-list parameters');
    const problem = regexProblem(anchoredPattern(parameter.pattern));
    if (problem) refuse('pattern', problem);
  }
  if (parameter.enum !== undefined && type === 'string-list') refuse('enum', 'enum is for string and number parameters');
  for (const field of ['minimum', 'maximum', 'integer', 'greaterThan'] as const) {
    if (parameter[field] !== undefined && type !== 'number') refuse(field, `${field} is for number parameters`);
  }
  if (parameter.minItems !== undefined && type !== 'string-list') refuse('minItems', 'minItems is for string-list parameters');
  if (parameter.required === true && parameter.default !== undefined) refuse('required', 'a required parameter has no default');
  if (parameter.required === false && parameter.default === undefined && type === 'number')
    refuse('default', 'an optional number parameter needs a default');
  if (parameter.default !== undefined && !refused) {
    const problem = parameterValueProblem(parameter, parameter.default);
    if (problem) refuse('default', `the default ${problem}`);
  }
}).transform((parameter) => ({ ...parameter, required: parameter.required ?? parameter.default === undefined }));
export type Parameter = z.infer<typeof ParameterSchema>;

const ParametersSchema = z
  .array(ParameterSchema)
  .max(TEMPLATE_LIMITS.maxParameters)
  .default([])
  .superRefine((parameters, context) => {
    const names = new Set<string>();
    parameters.forEach((parameter, index) => {
      if (names.has(parameter.name))
        context.addIssue({ code: 'custom', path: [index, 'name'], message: `duplicate parameter ${parameter.name}` });
      names.add(parameter.name);
    });
    parameters.forEach((parameter, index) => {
      if (parameter.greaterThan === undefined) return;
      const other = parameters.find((candidate) => candidate.name === parameter.greaterThan);
      if (other?.type !== 'number')
        context.addIssue({ code: 'custom', path: [index, 'greaterThan'], message: `${parameter.greaterThan} is not a number parameter` });
    });
  });

export const SCOPE_KIND_NAMES = ['org', 'tenant', 'team', 'role', 'agent'] as const;
export const ScopeKindSchema = z.enum(SCOPE_KIND_NAMES);
export type TemplateScopeKind = z.infer<typeof ScopeKindSchema>;

const TemplateString = z.string().min(1).max(TEMPLATE_LIMITS.maxStringLength);
const TemplateGlobs = z.array(TemplateString).min(1).max(32);

/** A policy rule whose strings may hold placeholders (its id, effect, risk and lock are fixed). */
export const RuleTemplateSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, 'letters, digits, "_", ".", ":", "-", 1 to 64 characters'),
    effect: EffectSchema,
    actions: TemplateGlobs.optional(),
    tools: TemplateGlobs.optional(),
    resources: TemplateGlobs.optional(),
    environments: TemplateGlobs.optional(),
    when: z.string().min(1).max(4000).optional(),
    risk: RiskSchema.optional(),
    locked: z.boolean().optional(),
    message: z.string().max(1000).optional(),
    /** Minutes, or exactly `{{param}}` of a number parameter. */
    grantMinutes: z.union([z.number().int().min(1).max(10_080), z.string().regex(new RegExp(`^${PLACEHOLDER_SOURCE}$`))]).optional(),
  })
  .strict();
export type RuleTemplate = z.infer<typeof RuleTemplateSchema>;

/** A scenario whose agent may leave team and role out (the scope fills them) and whose strings may hold placeholders. */
export const ScenarioTemplateSchema = z
  .object({
    name: z.string().trim().min(1).max(140),
    agent: z
      .object({
        team: TemplateString.optional(),
        role: TemplateString.optional(),
        environment: TemplateString,
        labels: z.record(z.string(), z.string().max(TEMPLATE_LIMITS.maxStringLength)).optional(),
        name: z.string().max(200).optional(),
      })
      .strict(),
    request: z
      .object({
        action: TemplateString,
        tool: TemplateString.optional(),
        resource: z.string().max(1024).optional(),
        context: z.record(z.string(), z.unknown()).optional(),
      })
      .strict(),
    expect: EffectSchema,
    /** The id of one of the pattern's rules (prefixed when instantiated). */
    expectRule: z.string().min(1).max(64).optional(),
  })
  .strict();
export type ScenarioTemplate = z.infer<typeof ScenarioTemplateSchema>;

const Header = {
  id: TemplateIdSchema,
  title: DisplayTextSchema(120),
  description: DisplayTextSchema(1000),
  parameters: ParametersSchema,
};

/** Every string of `value` (nested in arrays and objects). */
function stringsIn(value: unknown, path: (string | number)[] = []): { path: (string | number)[]; text: string }[] {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((entry, index) => stringsIn(entry, [...path, index]));
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, entry]) => stringsIn(entry, [...path, key]));
  return [];
}

/** Placeholders that name no parameter or use it in a way its type does not allow. */
function checkPlaceholders(
  value: unknown,
  basePath: (string | number)[],
  parameters: readonly Parameter[],
  context: z.core.$RefinementCtx,
  { listsWhole }: { listsWhole: boolean },
) {
  for (const { path, text } of stringsIn(value, basePath)) {
    for (const ref of placeholdersIn(text)) {
      const parameter = parameters.find((candidate) => candidate.name === ref.name);
      const refuse = (message: string) => context.addIssue({ code: 'custom', path, message: `${ref.text}: ${message}` });
      if (!parameter) refuse('no such parameter');
      else if (ref.index !== undefined && parameter.type !== 'string-list') refuse('[i] is for string-list parameters');
      else if (ref.offset !== undefined && parameter.type !== 'number') refuse('+n and -n are for number parameters');
      else if (listsWhole && parameter.type === 'string-list' && ref.index === undefined && ref.text !== text)
        refuse('a list is used whole, as an entry of its own');
    }
  }
}

/** A policy pattern: rules (and their scenarios) to apply at a scope. */
export const PolicyPatternSchema = z
  .object({
    ...Header,
    kind: z.literal('policy'),
    /** The scope kinds it may be applied to. */
    scopes: z.array(ScopeKindSchema).min(1).max(SCOPE_KIND_NAMES.length),
    /** Its rules are all locked deny or require_approval: it may be made required for every tenant as locked org rules. */
    guardrail: z.boolean().default(false),
    rules: z.array(RuleTemplateSchema).min(1).max(100),
    /** What happens when no rule matches, per environment: only for patterns applied at tenant or org scope. */
    defaults: DefaultsSchema.optional(),
    scenarios: z.array(ScenarioTemplateSchema).max(200).default([]),
  })
  .strict()
  .superRefine((pattern, context) => {
    const refuse = (path: (string | number)[], message: string) => context.addIssue({ code: 'custom', path, message });
    if (new Set(pattern.scopes).size !== pattern.scopes.length) refuse(['scopes'], 'a scope kind is listed twice');
    if (pattern.defaults !== undefined && pattern.scopes.some((kind) => kind !== 'org' && kind !== 'tenant'))
      refuse(['defaults'], 'defaults are only for patterns applied at tenant or org scope');
    const ids = new Set<string>();
    pattern.rules.forEach((rule, index) => {
      if (ids.has(rule.id)) refuse(['rules', index, 'id'], `duplicate rule id ${rule.id}`);
      ids.add(rule.id);
      if (pattern.guardrail && (rule.effect === 'allow' || rule.locked !== true))
        refuse(['rules', index], 'a guardrail pattern has only locked deny and require_approval rules');
      if (rule.locked && rule.effect === 'allow') refuse(['rules', index, 'locked'], 'an allow cannot be locked');
      if (rule.grantMinutes !== undefined && rule.effect !== 'require_approval')
        refuse(['rules', index, 'grantMinutes'], 'grantMinutes is only for require_approval rules');
      if (typeof rule.grantMinutes === 'string') {
        const ref = wholePlaceholder(rule.grantMinutes);
        const parameter = pattern.parameters.find((candidate) => candidate.name === ref?.name);
        if (parameter?.type !== 'number') refuse(['rules', index, 'grantMinutes'], 'grantMinutes takes a number parameter');
      }
      checkPlaceholders(rule, ['rules', index], pattern.parameters, context, { listsWhole: false });
      for (const field of ['actions', 'tools', 'resources', 'environments'] as const)
        checkPlaceholders(rule[field] ?? [], ['rules', index, field], pattern.parameters, context, { listsWhole: true });
    });
    const names = new Set<string>();
    pattern.scenarios.forEach((scenario, index) => {
      if (names.has(scenario.name)) refuse(['scenarios', index, 'name'], `duplicate scenario ${scenario.name}`);
      names.add(scenario.name);
      if (scenario.expectRule !== undefined && !ids.has(scenario.expectRule))
        refuse(['scenarios', index, 'expectRule'], `no rule ${scenario.expectRule} in the pattern`);
      checkPlaceholders(scenario, ['scenarios', index], pattern.parameters, context, { listsWhole: false });
    });
  });
export type PolicyPattern = z.infer<typeof PolicyPatternSchema>;

/** What an agent type passes to its pattern: fixed values, or strings with placeholders of its own parameters. */
export const PatternArgumentSchema = ParameterValueSchema;

/** An agent type: a role, suggested quotas and labels, and a policy pattern applied at `role:<role name>`. */
export const AgentTypeSchema = z
  .object({
    ...Header,
    kind: z.literal('agent'),
    role: z
      .object({
        /** May hold placeholders, e.g. `{{roleName}}` with a default such as `support-assistant`. */
        name: TemplateString,
        description: DisplayTextSchema(500),
        /** Suggested quotas of the role. */
        quotas: QuotasSchema.default({}),
      })
      .strict(),
    /** Suggested labels of its agents. */
    labels: LabelsSchema.default({}),
    pattern: z
      .object({
        id: TemplateIdSchema,
        parameters: z.record(ParameterNameSchema, PatternArgumentSchema).default({}),
      })
      .strict(),
  })
  .strict()
  .superRefine((agentType, context) => {
    checkPlaceholders(agentType.role, ['role'], agentType.parameters, context, { listsWhole: false });
    checkPlaceholders(agentType.pattern.parameters, ['pattern', 'parameters'], agentType.parameters, context, { listsWhole: false });
  });
export type AgentType = z.infer<typeof AgentTypeSchema>;

export const TemplateSchema = z.discriminatedUnion('kind', [PolicyPatternSchema, AgentTypeSchema]);
export type Template = z.infer<typeof TemplateSchema>;
export type TemplateKind = Template['kind'];

/** What `GET /v1/templates` lists of each template. */
export interface TemplateSummary {
  readonly id: string;
  readonly kind: TemplateKind;
  readonly title: string;
  readonly description: string;
  readonly parameters: readonly Parameter[];
}

export const summarizeTemplate = ({ id, kind, title, description, parameters }: Template): TemplateSummary => ({
  id,
  kind,
  title,
  description,
  parameters,
});
