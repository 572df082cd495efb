/**
 * The evaluation budget of one decision (POLICY.md "The decision", docs/policy-language.md
 * "Limits"). Conditions and glob patterns spend units from it as they work; a rule the decision can
 * no longer afford to evaluate is handled like a condition that failed to evaluate: it counts as
 * matching when it denies or asks for approval, and as not matching when it allows. So no document
 * and no request can make a decision slow, and running out never loosens one.
 *
 * A unit is at most about 50 ns of work on a current server core: a step of a condition, an
 * operator or function call (several units), eight characters of a string or an element of a list
 * a condition produces or reads, and so on (costs below, measured with bench/policy-eval).
 */

/** Units one decision may spend on conditions and glob patterns (about half a millisecond of work). */
export const DECISION_BUDGET_UNITS = 10_000;

/** What is left of a decision's budget; spent by conditions (cel-metering.ts) and patterns (action-index.ts). */
export interface EvaluationBudget {
  remaining: number;
}

/** A fresh budget for one decision. */
export const decisionBudget = (units = DECISION_BUDGET_UNITS): EvaluationBudget => ({ remaining: units });

/** What each kind of work costs, in units. */
export const COST = {
  /** One step of a condition: evaluating one node of its expression (a variable, a field, a literal list). */
  step: 1,
  /** An operator or a function call: resolving its overload for the operands' runtime types. */
  operation: 4,
  /** Characters of a string a condition produces or reads, per unit. */
  charactersPerUnit: 8,
  /** Each entry of a map a condition compares or passes to a function. */
  mapEntry: 3,
  /** One turn of a loop (`all`, `exists`, `map`, …), beyond the steps of its body, paid before the loop starts. */
  iteration: 10,
  /** An error raised inside an expression (a loop may go on past one). */
  error: 200,
  /** Per character of the text `matches()` searches (RE2's worst case is about 200 ns a character). */
  regexPerCharacter: 4,
  /** Testing a glob of no simple shape, per character of the value tested (glob-pattern.ts). */
  patternPerCharacter: 1,
} as const;
