/**
 * The built-in templates, one JSON file each in builtin/, bundled with the code. A template is
 * parsed when it is first asked for (`builtinTemplate`), and the whole set when it is first listed
 * (`builtinTemplates`), which also cross-checks them: a malformed file, a duplicate id, or an agent
 * type naming a pattern that does not exist or cannot be applied at role scope throws, so the
 * tests fail. Parsing is not done at import: it compiled every parameter's regular expression and
 * cost the functions that carry templates ~30 ms of each cold start (docs/decisions/cold-starts.md).
 */
import codingAssistant from './builtin/coding-assistant.json';
import codingAssistantAccess from './builtin/coding-assistant-access.json';
import customerSupportAssistant from './builtin/customer-support-assistant.json';
import dataAnalyst from './builtin/data-analyst.json';
import internalAutomationBot from './builtin/internal-automation-bot.json';
import paymentsBehindApproval from './builtin/payments-behind-approval.json';
import piiGuardrail from './builtin/pii-guardrail.json';
import productionLeastPrivilege from './builtin/production-least-privilege.json';
import readOnlyDataAccess from './builtin/read-only-data-access.json';
import supportAssistantAccess from './builtin/support-assistant-access.json';
import { type AgentType, type PolicyPattern, type Template, TemplateSchema, type TemplateSummary, summarizeTemplate } from './template';

/** The files, by name. */
const FILES: Readonly<Record<string, unknown>> = {
  'read-only-data-access.json': readOnlyDataAccess,
  'pii-guardrail.json': piiGuardrail,
  'payments-behind-approval.json': paymentsBehindApproval,
  'production-least-privilege.json': productionLeastPrivilege,
  'support-assistant-access.json': supportAssistantAccess,
  'coding-assistant-access.json': codingAssistantAccess,
  'customer-support-assistant.json': customerSupportAssistant,
  'data-analyst.json': dataAnalyst,
  'coding-assistant.json': codingAssistant,
  'internal-automation-bot.json': internalAutomationBot,
};

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const entry of Object.values(value)) deepFreeze(entry);
  }
  return value;
}

/** Parses one template file; throws naming the file and the problem. */
function parseTemplateFile(file: string, raw: unknown): Template {
  const parsed = TemplateSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Built-in template ${file} is invalid: ${problems}`);
  }
  if (`${parsed.data.id}.json` !== file) throw new Error(`Built-in template ${file} has the id ${parsed.data.id}`);
  return deepFreeze(parsed.data);
}

/**
 * Throws when two templates share an id, or an agent type's pattern is missing, cannot be applied
 * at role scope, or lacks a parameter the agent type passes.
 */
function crossCheck(templates: readonly Template[]): void {
  const ids = new Set<string>();
  for (const template of templates) {
    if (ids.has(template.id)) throw new Error(`Two built-in templates have the id ${template.id}`);
    ids.add(template.id);
  }
  for (const template of templates) {
    if (template.kind !== 'agent') continue;
    const pattern = templates.find((candidate) => candidate.id === template.pattern.id);
    if (pattern?.kind !== 'policy')
      throw new Error(`Agent type ${template.id} names ${template.pattern.id}, which is not a policy pattern`);
    if (!pattern.scopes.includes('role')) throw new Error(`Agent type ${template.id}: ${pattern.id} cannot be applied at role scope`);
    for (const name of Object.keys(template.pattern.parameters)) {
      if (!pattern.parameters.some((parameter) => parameter.name === name))
        throw new Error(`Agent type ${template.id} passes ${name}, which is not a parameter of ${pattern.id}`);
    }
  }
}

/** Parses and cross-checks template files; throws naming the file and the problem. */
export function parseTemplates(files: Readonly<Record<string, unknown>>): readonly Template[] {
  const templates = Object.entries(files).map(([file, raw]) => parseTemplateFile(file, raw));
  crossCheck(templates);
  return Object.freeze(templates);
}

/** The templates parsed so far, by id. */
const parsed = new Map<string, Template>();

/** The built-in template `id`, if there is one, parsed on its first use. */
export function builtinTemplate(id: string): Template | undefined {
  const file = `${id}.json`;
  if (!Object.hasOwn(FILES, file)) return undefined;
  let template = parsed.get(id);
  if (!template) {
    template = parseTemplateFile(file, FILES[file]);
    parsed.set(id, template);
  }
  return template;
}

let all: readonly Template[] | undefined;

/** Every built-in template, parsed and cross-checked (policy patterns first, then agent types, each in file order). */
export function builtinTemplates(): readonly Template[] {
  if (!all) {
    const templates = Object.keys(FILES).map((file) => builtinTemplate(file.slice(0, -'.json'.length))!);
    crossCheck(templates);
    all = Object.freeze(templates);
  }
  return all;
}

/** The built-in templates as the use cases read them: one by id, or all of them. */
export interface BuiltinTemplates {
  get(id: string): Template | undefined;
  all(): readonly Template[];
}

/** The bundled built-in templates. */
export const BUILTIN_TEMPLATES: BuiltinTemplates = { get: builtinTemplate, all: builtinTemplates };

/** The built-in policy pattern `id`, if there is one. */
export const builtinPolicyPattern = (id: string): PolicyPattern | undefined => {
  const template = builtinTemplate(id);
  return template?.kind === 'policy' ? template : undefined;
};

/** The built-in agent type `id`, if there is one. */
export const builtinAgentType = (id: string): AgentType | undefined => {
  const template = builtinTemplate(id);
  return template?.kind === 'agent' ? template : undefined;
};

/** What `GET /v1/templates` lists: every built-in template's summary, optionally of one kind. */
export const builtinTemplateSummaries = (kind?: Template['kind']): TemplateSummary[] =>
  builtinTemplates()
    .filter((template) => kind === undefined || template.kind === kind)
    .map(summarizeTemplate);
