/**
 * Conditions in CEL (`when`), through @marcbachmann/cel-js. An expression sees only `agent`,
 * `request` and `now` (POLICY.md). When a document is saved, an expression is refused if it does
 * not parse, uses anything else, is not boolean, or exceeds the limits below (length, nodes,
 * nesting, loops within loops, literal sizes, patterns that are not valid RE2 literals). It is
 * parsed once and evaluated many times, metered against the decision's evaluation budget
 * (cel-metering.ts). One that fails at run time — missing field, wrong type, over budget — yields
 * `{ error }`; the decision treats it so that it never loosens the result (decide.ts).
 */
import { Environment } from '@marcbachmann/cel-js';
import { type CelNode, methodCall, stringLiteral, walk } from './cel-ast';
import { MeteredFailure, meterEvaluation, meterExpression } from './cel-metering';
import type { EvaluationBudget } from './evaluation-budget';
import { compileRegex, type Regex, regexProblem } from './regex';

/** The limits a condition must keep to be saved (docs/policy-language.md "Limits"). */
export const CONDITION_LIMITS = {
  /** Characters in the expression. */
  maxLength: 4000,
  /** Nodes of its syntax tree. */
  maxNodes: 1000,
  /** Nesting of calls, member accesses, lists and parentheses. */
  maxNesting: 32,
  /** Loops (`all`, `exists`, `exists_one`, `map`, `filter`) within loops. */
  maxLoopNesting: 2,
  /** Elements of a list literal, entries of a map literal. */
  maxLiteralElements: 256,
  /** Arguments of one call. */
  maxCallArguments: 16,
} as const;

const environment = new Environment({
  homogeneousAggregateLiterals: false,
  limits: {
    maxAstNodes: CONDITION_LIMITS.maxNodes,
    maxDepth: CONDITION_LIMITS.maxNesting,
    maxListElements: CONDITION_LIMITS.maxLiteralElements,
    maxMapEntries: CONDITION_LIMITS.maxLiteralElements,
    maxCallArguments: CONDITION_LIMITS.maxCallArguments,
  },
})
  .registerVariable('agent', 'map')
  .registerVariable('request', 'map')
  .registerVariable('now', 'google.protobuf.Timestamp');

/** What a condition sees. */
export interface ConditionInput {
  readonly agent: Readonly<Record<string, unknown>>;
  readonly request: Readonly<Record<string, unknown>>;
  readonly now: Date;
}

/** Why a condition did not give true or false. */
export interface ConditionFailure {
  readonly error: string;
  /** True when it ran out of the decision's evaluation budget. */
  readonly overBudget: boolean;
}

/** A parsed condition: true/false, or a failure; it spends from `budget`. */
export type Condition = (input: ConditionInput, budget: EvaluationBudget) => boolean | ConditionFailure;

/** The failure of a condition that ran out of the decision's budget (one object for all). */
const OVER_BUDGET: ConditionFailure = Object.freeze({ error: 'it ran over the evaluation budget', overBudget: true });

const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n', 1)[0] ?? 'error';

/** The expression parsed and type-checked, with its problems (empty when it may be saved). */
function analyse(expression: string): {
  evaluate?: (input: ConditionInput) => unknown;
  root?: CelNode;
  regexes: Map<string, Regex>;
  problems: string[];
} {
  const regexes = new Map<string, Regex>();
  if (expression.trim().length === 0) return { regexes, problems: ['the condition is empty'] };
  if (expression.length > CONDITION_LIMITS.maxLength)
    return { regexes, problems: [`the condition has more than ${CONDITION_LIMITS.maxLength} characters`] };
  let parsed: ReturnType<typeof environment.parse>;
  try {
    parsed = environment.parse(expression);
  } catch (error) {
    return { regexes, problems: [`the condition does not parse: ${firstLine(error)}`] };
  }
  const checked = parsed.check();
  if (!checked.valid)
    return { regexes, problems: [`the condition is invalid: ${firstLine(checked.error)} (it may use only agent, request and now)`] };
  if (checked.type !== 'bool' && checked.type !== 'dyn')
    return { regexes, problems: [`the condition must be a boolean, not ${checked.type}`] };
  const root = parsed.ast as unknown as CelNode;
  const problems: string[] = [];
  walk(root, ({ node, loopDepth }) => {
    if (node.op === 'comprehension' && loopDepth >= CONDITION_LIMITS.maxLoopNesting) {
      problems.push(`the condition nests loops (all, exists, exists_one, map, filter) more than ${CONDITION_LIMITS.maxLoopNesting} deep`);
    }
    const call = methodCall(node);
    if (call?.name !== 'matches') return;
    const pattern = call.args.length === 1 ? stringLiteral(call.args[0]!) : undefined;
    if (pattern === undefined) {
      problems.push(
        'matches() takes a string literal pattern, never one computed from the request (an agent must not choose what a rule matches)',
      );
      return;
    }
    const problem = regexProblem(pattern);
    if (problem) problems.push(`matches("${pattern.slice(0, 40)}"): ${problem}`);
    else if (!regexes.has(pattern)) regexes.set(pattern, compileRegex(pattern));
  });
  return { evaluate: (input) => parsed(input as unknown as Record<string, unknown>), root, regexes, problems: [...new Set(problems)] };
}

/** Why an expression is refused at saving time, or undefined when it is fine. */
export function conditionProblem(expression: string): string | undefined {
  const { problems } = analyse(expression);
  return problems.length > 0 ? problems.join('; ') : undefined;
}

/**
 * Parses an expression once into a condition. One refused by `conditionProblem` (a document
 * stored before a limit existed) becomes a condition that always fails, never an exception.
 */
export function compileCondition(expression: string): Condition {
  const { evaluate, root, regexes, problems } = analyse(expression);
  if (evaluate === undefined || root === undefined || problems.length > 0) {
    const failure: ConditionFailure = { error: `the condition cannot be evaluated: ${problems.join('; ')}`, overBudget: false };
    return () => failure;
  }
  // The parsed function evaluates the very tree metered here.
  const upFront = meterExpression(root, regexes);
  return (input, budget) => {
    const outcome = meterEvaluation(budget, upFront, evaluate, input);
    if (typeof outcome === 'boolean') return outcome;
    if (!(outcome instanceof MeteredFailure)) return { error: `the condition gave ${typeof outcome}, not a boolean`, overBudget: false };
    return outcome.overBudget ? OVER_BUDGET : { error: firstLine(outcome.error), overBudget: false };
  };
}
