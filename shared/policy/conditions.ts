/**
 * Conditions in CEL (`when`), through @marcbachmann/cel-js. An expression sees only `agent`,
 * `request` and `now` (POLICY.md); anything else, a syntax error or a non-boolean result type is
 * refused when the document is saved. Expressions are parsed once and evaluated many times; one
 * that fails at run time (missing field, wrong type) does not match, and the caller turns the
 * error into a warning on the decision.
 */
import { Environment } from '@marcbachmann/cel-js';

const environment = new Environment({ homogeneousAggregateLiterals: false, limits: { maxAstNodes: 2000, maxDepth: 50 } })
  .registerVariable('agent', 'map')
  .registerVariable('request', 'map')
  .registerVariable('now', 'google.protobuf.Timestamp');

/** What a condition sees. */
export interface ConditionInput {
  readonly agent: Readonly<Record<string, unknown>>;
  readonly request: Readonly<Record<string, unknown>>;
  readonly now: Date;
}

/** A parsed condition: true/false, or `{ error }` when it fails to evaluate. */
export type Condition = (input: ConditionInput) => boolean | { readonly error: string };

const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n', 1)[0] ?? 'error';

/** Why an expression is refused at saving time, or undefined when it is fine. */
export function conditionProblem(expression: string): string | undefined {
  if (expression.trim().length === 0) return 'the condition is empty';
  if (expression.length > 4000) return 'the condition has more than 4000 characters';
  try {
    const checked = environment.check(expression);
    if (!checked.valid) return `the condition is invalid: ${firstLine(checked.error)} (it may use only agent, request and now)`;
    if (checked.type !== 'bool' && checked.type !== 'dyn') return `the condition must be a boolean, not ${checked.type}`;
    return undefined;
  } catch (error) {
    return `the condition does not parse: ${firstLine(error)}`;
  }
}

/** Parses a (valid) expression once into a condition. */
export function compileCondition(expression: string): Condition {
  const evaluate = environment.parse(expression);
  return (input) => {
    try {
      const result: unknown = evaluate(input as unknown as Record<string, unknown>);
      return typeof result === 'boolean' ? result : { error: `the condition gave ${typeof result}, not a boolean` };
    } catch (error) {
      return { error: firstLine(error) };
    }
  };
}
