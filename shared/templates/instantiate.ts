/**
 * Applying templates (template.ts): parameters checked and defaulted, placeholders substituted,
 * the rules validated as a policy document of the target scope, and the scenarios made ready for
 * the tenant's test library. Pure: the caller stores the results (mergeRules, mergeScenarios).
 *
 * Applied rules are named `tpl.<pattern id>.<rule id>` and scenarios `[<pattern id>] <name>`, so
 * they never clash with the tenant's own and applying a template again replaces what it added.
 */
import { type ErrorDetail, ValidationError } from '../kernel/errors';
import { AgentIdSchema, type Quotas, ScopeNameSchema } from '../kernel/schemas';
import type { Effect, PolicyDocument, Rule } from '../policy/document';
import { type Scenario, ScenarioSchema } from '../policy/test-runner';
import { validatePolicyDocument } from '../policy/validate';
import { builtinPolicyPattern } from './builtin-templates';
import {
  type AgentType,
  type Parameter,
  type ParameterValue,
  type ParameterValues,
  parameterValueProblem,
  PLACEHOLDER_SOURCE,
  type PlaceholderRef,
  placeholdersIn,
  type PolicyPattern,
  type RuleTemplate,
  type ScenarioTemplate,
  TEMPLATE_LIMITS,
  type TemplateScopeKind,
  wholePlaceholder,
} from './template';

type Defaults = Readonly<Record<string, Effect>>;

/** A 400 naming each field at fault. */
const invalid = (message: string, details: readonly ErrorDetail[]) => new ValidationError(message, details);
const parameterProblem = (name: string, message: string): ErrorDetail => ({ path: `parameters.${name}`, message: `${name} ${message}` });

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;

/**
 * The template's parameter values: `given` checked (unknown names, missing required ones, types,
 * patterns, enums and bounds) and defaults applied. Throws ValidationError naming `parameters.<name>`.
 */
export function resolveParameters(template: { readonly parameters: readonly Parameter[] }, given: unknown = {}): ParameterValues {
  if (given === undefined || given === null) given = {};
  if (!isPlainObject(given)) throw invalid('The template parameters are invalid', [{ path: 'parameters', message: 'must be an object' }]);
  const names = Object.keys(given);
  if (names.length > TEMPLATE_LIMITS.maxParameters)
    throw invalid('The template parameters are invalid', [
      { path: 'parameters', message: `at most ${TEMPLATE_LIMITS.maxParameters} parameters` },
    ]);
  const problems: ErrorDetail[] = [];
  for (const name of names) {
    if (!template.parameters.some((parameter) => parameter.name === name))
      problems.push(parameterProblem(name, 'is not a parameter of this template'));
  }
  const values: Record<string, ParameterValue> = {};
  for (const parameter of template.parameters) {
    const value = Object.hasOwn(given, parameter.name) ? given[parameter.name] : undefined;
    if (value === undefined) {
      if (parameter.default !== undefined) values[parameter.name] = parameter.default;
      else if (parameter.required) problems.push(parameterProblem(parameter.name, 'is required'));
      continue;
    }
    const problem = parameterValueProblem(parameter, value);
    if (problem) problems.push(parameterProblem(parameter.name, problem));
    else values[parameter.name] = Array.isArray(value) ? [...(value as string[])] : (value as string | number);
  }
  for (const parameter of template.parameters) {
    const [value, other] = [values[parameter.name], parameter.greaterThan === undefined ? undefined : values[parameter.greaterThan]];
    if (typeof value === 'number' && typeof other === 'number' && !(value > other))
      problems.push(parameterProblem(parameter.name, `must be greater than ${parameter.greaterThan} (${other})`));
  }
  if (problems.length > 0) throw invalid('The template parameters are invalid', problems);
  return values;
}

/** A placeholder whose list has no such entry: the rule is refused, the scenario left out. */
class MissingEntry extends Error {
  constructor(readonly ref: PlaceholderRef) {
    super(`${ref.name} has no entry ${ref.index}`);
  }
}

/** A glob made into a value it matches. */
const sampleOf = (glob: string) => glob.replace(/\*\*|\*/g, 'sample').replace(/\?/g, 'x');

/** Substitution of one template's placeholders with resolved values. */
function substituter(parameters: readonly Parameter[], values: ParameterValues) {
  const typeOf = (name: string) => parameters.find((parameter) => parameter.name === name)?.type;
  const valueOf = (ref: PlaceholderRef): ParameterValue | undefined => {
    let value = values[ref.name];
    if (value === undefined) return undefined;
    if (ref.index !== undefined) {
      if (!Array.isArray(value) || ref.index >= value.length) throw new MissingEntry(ref);
      value = value[ref.index]!;
    }
    if (ref.offset !== undefined && typeof value === 'number') value += ref.offset;
    if (ref.sample) value = typeof value === 'string' ? sampleOf(value) : Array.isArray(value) ? value.map(sampleOf) : value;
    return value;
  };
  const replace = (text: string, write: (value: ParameterValue | undefined, ref: PlaceholderRef) => string) =>
    text.replace(new RegExp(PLACEHOLDER_SOURCE, 'g'), (whole) => {
      const ref = wholePlaceholder(whole)!;
      return write(valueOf(ref), ref);
    });
  /** Plain text: numbers in decimal, lists joined with ", ", absent values empty. */
  const text = (source: string) =>
    replace(source, (value) => (value === undefined ? '' : Array.isArray(value) ? value.join(', ') : String(value)));
  /** A CEL expression: every value a literal. */
  const cel = (source: string) =>
    replace(source, (value, ref) => {
      if (value === undefined) return typeOf(ref.name) === 'string-list' && ref.index === undefined ? '[]' : '""';
      return typeof value === 'number' ? String(value) : JSON.stringify(value);
    });
  /** A list: an entry that is exactly a whole list placeholder expands to the list. */
  const list = (entries: readonly string[]) =>
    entries.flatMap((entry) => {
      const ref = wholePlaceholder(entry);
      if (ref && ref.index === undefined && typeOf(ref.name) === 'string-list') return [...((valueOf(ref) as string[] | undefined) ?? [])];
      return [text(entry)];
    });
  /** Any JSON value: a string that is exactly one placeholder keeps the value's type; absent values are left out. */
  const typed = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const ref = wholePlaceholder(value);
      return ref ? valueOf(ref) : text(value);
    }
    if (Array.isArray(value))
      return value.flatMap((entry) => {
        const ref = typeof entry === 'string' ? wholePlaceholder(entry) : undefined;
        if (ref && ref.index === undefined && typeOf(ref.name) === 'string-list')
          return [...((valueOf(ref) as string[] | undefined) ?? [])];
        const resolved = typed(entry);
        return resolved === undefined ? [] : [resolved];
      });
    if (isPlainObject(value))
      return Object.fromEntries(
        Object.entries(value)
          .map(([key, entry]) => [key, typed(entry)] as const)
          .filter(([, entry]) => entry !== undefined),
      );
    return value;
  };
  return { text, cel, list, typed };
}
type Substituter = ReturnType<typeof substituter>;

/** The parameter names of the placeholders anywhere in `value`. */
function parametersUsedIn(value: unknown): string[] {
  if (typeof value === 'string') return placeholdersIn(value).map((ref) => ref.name);
  if (Array.isArray(value)) return [...new Set(value.flatMap(parametersUsedIn))];
  if (isPlainObject(value)) return [...new Set(Object.values(value).flatMap(parametersUsedIn))];
  return [];
}

/**
 * A ValidationError about an instantiated value, told in terms of the parameters its template
 * field used (they made it invalid); details of fields without placeholders are kept as they are.
 */
function blameParameters(error: ValidationError, fieldOf: (path: string) => unknown): ValidationError {
  const details = error.details.flatMap((detail): ErrorDetail[] => {
    const names = detail.path === undefined ? [] : parametersUsedIn(fieldOf(detail.path));
    return names.length === 0 ? [detail] : names.map((name) => parameterProblem(name, `makes an invalid value: ${detail.message}`));
  });
  return invalid('The template parameters are invalid', details);
}

/** A scope name's kind and name; throws ValidationError naming `scope` for one that is not a scope. */
export function parseScope(scope: string): { kind: TemplateScopeKind; name?: string } {
  if (scope === 'org' || scope === 'tenant') return { kind: scope };
  const colon = scope.indexOf(':');
  const [kind, name] = colon < 0 ? [scope, ''] : [scope.slice(0, colon), scope.slice(colon + 1)];
  const valid =
    (kind === 'team' || kind === 'role') && ScopeNameSchema.safeParse(name).success
      ? true
      : kind === 'agent' && AgentIdSchema.safeParse(name).success;
  if (!valid)
    throw invalid('The scope is invalid', [{ path: 'scope', message: 'org, tenant, team:<name>, role:<name> or agent:<agent id>' }]);
  return { kind: kind as TemplateScopeKind, name };
}

/** A pattern's rule applied, or undefined when a list it matches on came out empty (it could match nothing). */
function instantiateRule(rule: RuleTemplate, patternId: string, substitute: Substituter): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = { id: `tpl.${patternId}.${rule.id}`, effect: rule.effect };
  for (const field of ['actions', 'tools', 'resources', 'environments'] as const) {
    const entries = rule[field];
    if (entries === undefined) continue;
    const expanded = substitute.list(entries);
    if (expanded.length === 0) return undefined;
    out[field] = expanded;
  }
  if (rule.when !== undefined) out.when = substitute.cel(rule.when);
  if (rule.risk !== undefined) out.risk = rule.risk;
  if (rule.locked !== undefined) out.locked = rule.locked;
  if (rule.message !== undefined) out.message = substitute.text(rule.message);
  if (rule.grantMinutes !== undefined) out.grantMinutes = substitute.typed(rule.grantMinutes);
  return out;
}

/** The agent scenarios run as for `scope`: team and role from it where the scenario leaves them out. */
function scenarioAgent(template: ScenarioTemplate, substitute: Substituter, scope: { kind: TemplateScopeKind; name?: string }) {
  const { agent } = template;
  return {
    team: agent.team !== undefined ? substitute.text(agent.team) : scope.kind === 'team' ? scope.name! : 'any-team',
    role: agent.role !== undefined ? substitute.text(agent.role) : scope.kind === 'role' ? scope.name! : 'any-role',
    environment: substitute.text(agent.environment),
    ...(agent.labels === undefined ? {} : { labels: substitute.typed(agent.labels) as Record<string, string> }),
    ...(agent.name === undefined ? {} : { name: substitute.text(agent.name) }),
  };
}

export interface PolicyInstantiation {
  readonly rules: Rule[];
  readonly defaults?: Defaults;
  readonly scenarios: Scenario[];
}

export interface InstantiateOptions {
  /**
   * For a pattern applied at `agent:<id>`: that agent's environment. Its scenarios then name the
   * agent by id (the publish gate decides them with the agent's own team, role and environment),
   * and only those written for that environment, without labels or a team or role of their own,
   * are kept. Without it, a pattern applied at agent scope brings no scenarios.
   */
  readonly agentEnvironment?: string;
}

/**
 * The rules, defaults and scenarios of `pattern` applied at `scope` with the `given` parameters.
 * Throws ValidationError naming `scope` for a scope kind the pattern does not allow, and
 * `parameters.<name>` for bad parameters, including values that make a rule invalid.
 */
export function instantiatePolicyPattern(
  pattern: PolicyPattern,
  given: unknown,
  scope: string,
  options: InstantiateOptions = {},
): PolicyInstantiation {
  const target = parseScope(scope);
  if (!pattern.scopes.includes(target.kind))
    throw invalid(`The template ${pattern.id} cannot be applied at ${scope}`, [
      { path: 'scope', message: `${pattern.id} applies at ${pattern.scopes.join(', ')} scope, not ${target.kind}` },
    ]);
  const values = resolveParameters(pattern, given);
  const substitute = substituter(pattern.parameters, values);

  const applied: { template: RuleTemplate; rule: Record<string, unknown> }[] = [];
  for (const template of pattern.rules) {
    let rule: Record<string, unknown> | undefined;
    try {
      rule = instantiateRule(template, pattern.id, substitute);
    } catch (error) {
      if (error instanceof MissingEntry)
        throw invalid('The template parameters are invalid', [parameterProblem(error.ref.name, error.message)]);
      throw error;
    }
    if (rule) applied.push({ template, rule });
  }
  let document: PolicyDocument;
  try {
    document = validatePolicyDocument(scope, {
      rules: applied.map(({ rule }) => rule),
      ...(pattern.defaults === undefined ? {} : { defaults: pattern.defaults }),
    });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw blameParameters(error, (path) => {
      const [, index, field] = path.split('.');
      const template = applied[Number(index)]?.template;
      return template && field ? template[field as keyof RuleTemplate] : undefined;
    });
  }

  const kept = new Set(applied.map(({ template }) => template.id));
  const scenarios: Scenario[] = [];
  pattern.scenarios.forEach((template, index) => {
    if (template.expectRule !== undefined && !kept.has(template.expectRule)) return;
    let agent: ReturnType<typeof scenarioAgent>;
    let request: unknown;
    try {
      agent = scenarioAgent(template, substitute, target);
      request = substitute.typed(template.request);
    } catch (error) {
      if (error instanceof MissingEntry) return; // written for an entry the list does not have
      throw error;
    }
    let who: Pick<Scenario, 'agent' | 'agentId'> = { agent };
    if (target.kind === 'agent') {
      const { team, role, labels } = template.agent;
      if (options.agentEnvironment !== agent.environment || team !== undefined || role !== undefined || labels !== undefined) return;
      who = { agentId: target.name! };
    }
    const candidate = {
      name: `[${pattern.id}] ${template.name}`,
      ...who,
      request,
      expect: template.expect,
      ...(template.expectRule === undefined ? {} : { expectRule: `tpl.${pattern.id}.${template.expectRule}` }),
    };
    const parsed = ScenarioSchema.safeParse(candidate);
    if (!parsed.success) {
      const details = parsed.error.issues.map((issue) => ({ path: `scenarios.${index}.${issue.path.join('.')}`, message: issue.message }));
      throw blameParameters(invalid('The template scenarios are invalid', details), (path) =>
        path
          .split('.')
          .slice(2)
          .reduce<unknown>((value, key) => (isPlainObject(value) ? value[key] : undefined), template),
      );
    }
    scenarios.push(parsed.data);
  });

  return { rules: document.rules, ...(document.defaults === undefined ? {} : { defaults: document.defaults }), scenarios };
}

export interface AgentInstantiation {
  /** The role to create or update (`PUT /v1/tenants/{t}/roles/{name}`). */
  readonly role: { readonly name: string; readonly description: string; readonly quotas: Quotas };
  /** Where the rules go: `role:<name>`. */
  readonly scope: string;
  readonly rules: Rule[];
  readonly scenarios: Scenario[];
  /** What an agent registered from this type gets unless it says otherwise. */
  readonly agentDefaults: { readonly role: string; readonly labels: Readonly<Record<string, string>>; readonly quotas: Quotas };
}

/**
 * An agent type applied with the `given` parameters: its role, and its policy pattern applied at
 * `role:<role name>`. Throws ValidationError naming `parameters.<name>` (the agent type's own
 * parameter when it was passed on to the pattern).
 */
export function instantiateAgentTemplate(
  agentType: AgentType,
  given: unknown,
  patternOf: (id: string) => PolicyPattern | undefined = builtinPolicyPattern,
): AgentInstantiation {
  const values = resolveParameters(agentType, given);
  const substitute = substituter(agentType.parameters, values);
  const name = substitute.text(agentType.role.name);
  if (!ScopeNameSchema.safeParse(name).success) {
    const names = parametersUsedIn(agentType.role.name);
    const message = `makes the role name "${name}", which is not letters, digits, "_", "." and "-", 1 to 64 characters`;
    throw invalid(
      'The template parameters are invalid',
      names.length > 0 ? names.map((parameter) => parameterProblem(parameter, message)) : [{ path: 'role.name', message }],
    );
  }
  const pattern = patternOf(agentType.pattern.id);
  if (!pattern) throw new Error(`Agent type ${agentType.id} names the unknown policy pattern ${agentType.pattern.id}`);
  const scope = `role:${name}`;
  let applied: PolicyInstantiation;
  try {
    applied = instantiatePolicyPattern(pattern, substitute.typed(agentType.pattern.parameters), scope);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw blameParameters(error, (path) => {
      const [first, patternParameter] = path.split('.');
      return first === 'parameters' && patternParameter !== undefined ? agentType.pattern.parameters[patternParameter] : undefined;
    });
  }
  const role = { name, description: substitute.text(agentType.role.description), quotas: { ...agentType.role.quotas } };
  return {
    role,
    scope,
    rules: applied.rules,
    scenarios: applied.scenarios,
    agentDefaults: { role: name, labels: { ...agentType.labels }, quotas: { ...agentType.role.quotas } },
  };
}

/**
 * `document` with `rules` merged in: a rule with the id of an existing one replaces it in place,
 * the others are appended in order; `defaults` are set per environment. Applying the same template
 * again gives the same document.
 */
export function mergeRules(document: PolicyDocument | undefined, rules: readonly Rule[], defaults?: Defaults): PolicyDocument {
  const merged = [...(document?.rules ?? [])];
  const positions = new Map(merged.map((rule, index) => [rule.id, index]));
  for (const rule of rules) {
    const position = positions.get(rule.id);
    if (position === undefined) {
      positions.set(rule.id, merged.length);
      merged.push(rule);
    } else merged[position] = rule;
  }
  const mergedDefaults = defaults === undefined ? document?.defaults : { ...document?.defaults, ...defaults };
  return { ...(mergedDefaults === undefined ? {} : { defaults: mergedDefaults }), rules: merged };
}

/**
 * The test library with `scenarios` merged in by name (same name: replaced in place; new: appended).
 * Throws ValidationError naming `scenarios` when the library would hold more than 2,000.
 */
export function mergeScenarios(existing: readonly Scenario[] | undefined, scenarios: readonly Scenario[]): Scenario[] {
  const merged = [...(existing ?? [])];
  const positions = new Map(merged.map((scenario, index) => [scenario.name, index]));
  for (const scenario of scenarios) {
    const position = positions.get(scenario.name);
    if (position === undefined) {
      positions.set(scenario.name, merged.length);
      merged.push(scenario);
    } else merged[position] = scenario;
  }
  if (merged.length > TEMPLATE_LIMITS.maxScenarios)
    throw invalid('The test library would be too large', [
      {
        path: 'scenarios',
        message: `a test library holds at most ${TEMPLATE_LIMITS.maxScenarios} scenarios; this would make ${merged.length}`,
      },
    ]);
  return merged;
}
