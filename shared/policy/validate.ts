/**
 * Saving-time validation of a policy document: refuses, naming the rule id and the reason, unknown
 * fields, duplicate ids, a `locked` allow, `defaults` outside org and tenant, `grantMinutes` on a
 * rule that is not `require_approval`, a bad glob, and a condition that does not parse or uses
 * anything but `agent`, `request` and `now`.
 */
import type { ErrorDetail } from '../kernel/errors';
import { ValidationError } from '../kernel/errors';
import { conditionProblem } from './conditions';
import { type PolicyDocument, PolicyDocumentSchema, type Rule } from './document';
import { globProblem } from './glob';

/** The problems of one (schema-valid) rule, each with its path. */
function ruleProblems(rule: Rule, index: number): ErrorDetail[] {
  const at = (field: string, message: string): ErrorDetail => ({
    path: `rules.${index}.${field}`,
    ruleId: rule.id,
    message: `rule ${rule.id}: ${message}`,
  });
  const problems: ErrorDetail[] = [];
  if (rule.locked && rule.effect === 'allow')
    problems.push(at('locked', 'an allow cannot be locked; only deny and require_approval are guardrails'));
  if (rule.grantMinutes !== undefined && rule.effect !== 'require_approval')
    problems.push(at('grantMinutes', 'grantMinutes is only for require_approval rules'));
  for (const [field, kind] of [
    ['actions', 'name'],
    ['tools', 'name'],
    ['resources', 'path'],
  ] as const) {
    rule[field].forEach((glob, position) => {
      const problem = globProblem(glob, kind);
      if (problem) problems.push(at(`${field}.${position}`, `bad glob "${glob}": ${problem}`));
    });
  }
  if (rule.when !== undefined) {
    const problem = conditionProblem(rule.when);
    if (problem) problems.push(at('when', problem));
  }
  return problems;
}

/** The rule id at `rules.<n>` of the raw input, to name it in schema errors. */
function rawRuleId(input: unknown, path: readonly PropertyKey[]): string | undefined {
  if (path[0] !== 'rules' || typeof path[1] !== 'number') return undefined;
  const rules = (input as { rules?: unknown } | null)?.rules;
  const rule = Array.isArray(rules) ? (rules[path[1]] as { id?: unknown } | undefined) : undefined;
  return typeof rule?.id === 'string' ? rule.id : undefined;
}

/**
 * The document for `scope`, validated and with defaults applied. Throws ValidationError whose
 * details name each problem's path and rule id.
 */
export function validatePolicyDocument(scope: string, input: unknown): PolicyDocument {
  const parsed = PolicyDocumentSchema.safeParse(input);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue): ErrorDetail => {
      const ruleId = rawRuleId(input, issue.path);
      const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
      return {
        path: issue.path.join('.'),
        ...(ruleId ? { ruleId } : {}),
        message: `${ruleId ? `rule ${ruleId}: ` : ''}${issue.message}${keys}`,
      };
    });
    throw new ValidationError('The policy document is invalid', details, 'invalid_policy');
  }
  const document = parsed.data;
  const problems: ErrorDetail[] = [];
  if (document.defaults !== undefined && scope !== 'org' && scope !== 'tenant') {
    problems.push({ path: 'defaults', message: `defaults are allowed only in the org and tenant scopes, not in ${scope}` });
  }
  const seen = new Set<string>();
  document.rules.forEach((rule, index) => {
    if (seen.has(rule.id)) problems.push({ path: `rules.${index}.id`, ruleId: rule.id, message: `rule ${rule.id}: duplicate rule id` });
    seen.add(rule.id);
    problems.push(...ruleProblems(rule, index));
  });
  if (problems.length > 0) throw new ValidationError('The policy document is invalid', problems, 'invalid_policy');
  return document;
}
