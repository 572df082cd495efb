/**
 * Metered evaluation of conditions: every step of an expression spends from the decision's
 * evaluation budget (evaluation-budget.ts), and so does every value a step produces or reads, by
 * its size — a string per eight characters, a list per element — and, where a value is compared,
 * searched or passed to a function, by everything nested in it; an error raised inside costs too.
 * Work that grows with data (a loop over a list, a string doubled in a `map`) therefore runs out of
 * budget instead of running on: the expression stops with an error at once. `matches()` searches
 * with a linear-time RE2 (regex.ts) and costs per character searched.
 */
import { type CelNode, evaluatorOf, methodCall, type NodeEvaluate, type Visit, walk } from './cel-ast';
import { COST } from './evaluation-budget';
import type { Regex } from './regex';

/** Thrown inside an evaluation that has spent its budget. */
export class OverBudgetError extends Error {
  constructor() {
    super('the condition ran over the evaluation budget');
    this.name = 'OverBudgetError';
  }
}

/**
 * The meter metered expressions charge. Evaluation is synchronous and one at a time, so one meter
 * serves every expression: `meterEvaluation` loads it from the decision's budget and writes back.
 */
const meter = { remaining: 0, exhausted: false };

/**
 * One error object for every stop: once the budget is spent, each further step throws it again,
 * and a loop that absorbs errors (CEL's `all` and `exists` do) unwinds in a few hundred
 * nanoseconds per element instead of building a new error with its stack trace each time.
 */
const OVER_BUDGET = new OverBudgetError();

function charge(units: number): void {
  if ((meter.remaining -= units) < 0) {
    meter.exhausted = true;
    throw OVER_BUDGET;
  }
}

/** Operators whose work grows with the whole of an operand, nested values included (comparing, searching, passing it on). */
const READS_WHOLE_VALUES = new Set(['==', '!=', 'in', 'call', 'rcall']);
/** Nodes whose value is a loop's accumulator: charged by the steps that add to it, not again whole. */
const ACCUMULATORS = new Set(['accuValue', 'accuPush', 'accuInc']);
/** Nodes that resolve an overload by their operands' runtime types (COST.operation). */
const OPERATIONS = new Set(['+', '-', '*', '/', '%', '==', '!=', '<', '<=', '>', '>=', 'in', 'call', 'rcall', '!_', '-_']);

/** The units of a value's own size: a string's characters, a list's elements, a map's entries. */
function shallowUnits(value: unknown): number {
  if (typeof value === 'string') return Math.floor(value.length / COST.charactersPerUnit);
  if (typeof value !== 'object' || value === null) return 0;
  if (Array.isArray(value)) return value.length;
  if (value instanceof Map) return value.size * COST.mapEntry;
  if (value instanceof Set) return value.size;
  if (value instanceof Uint8Array) return Math.floor(value.length / COST.charactersPerUnit);
  return 0;
}

/** Whole sizes of lists and maps already measured (values do not change while a decision runs). */
const wholeSizes = new WeakMap<object, number>();

/** Values measured in fewer units than this are measured again each time rather than remembered. */
const REMEMBERED_SIZE = 64;

/** The units of a value with everything nested in it: what comparing or copying it walks. */
function wholeUnits(value: unknown): number {
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return shallowUnits(value);
  const known = wholeSizes.get(value);
  if (known !== undefined) return known;
  let units = 0;
  if (Array.isArray(value)) for (const item of value) units += 1 + wholeUnits(item);
  else if (value instanceof Map) for (const [key, item] of value) units += COST.mapEntry + wholeUnits(key) + wholeUnits(item);
  else if (!(value instanceof Set) && !(value instanceof Date))
    for (const key in value) units += COST.mapEntry + wholeUnits((value as Record<string, unknown>)[key]);
  if (units >= REMEMBERED_SIZE) wholeSizes.set(value, units);
  return units;
}

/** How many turns a loop over `value` takes (a list's elements, a map's keys). */
function loopTurns(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  if (value instanceof Map || value instanceof Set) return value.size;
  if (typeof value !== 'object' || value === null) return 0;
  let keys = 0;
  for (const _key in value) keys++;
  return keys;
}

/** The last error an evaluation step was charged for (an error passes up through every step above it). */
let chargedError: unknown;

/** `text.matches(<literal>)`: an RE2 search, costed per character searched. */
function regexSearch(receiver: CelNode, regex: Regex): NodeEvaluate {
  return function meteredMatches(evaluator, _node, context) {
    charge(COST.operation);
    const text = evaluator.run(receiver, context);
    if (typeof text !== 'string') throw new Error(`matches() applies to a string, not ${text === null ? 'null' : typeof text}`);
    charge(text.length * COST.regexPerCharacter);
    return regex.test(text);
  };
}

/**
 * Whether a node needs its own meter. Outside loops every node is evaluated at most once, so the
 * steps of literals and of the intermediate parts of a field path (`request` and `request.context`
 * in `request.context.amount`: constant-time reads) are paid for once, up front, and only what can
 * grow with data — operators, calls, values read whole, loops and their ranges — is metered as it
 * runs. This keeps ordinary conditions almost as fast as unmetered ones.
 */
function paidUpFront(node: CelNode, parent: CelNode | undefined, loopDepth: number, iterated: boolean): boolean {
  if (loopDepth > 0 || iterated) return false;
  if (node.op === 'value' || constantList(node)) return true;
  if (node.op !== 'id' && node.op !== '.') return false;
  return parent?.op === '.' || boundedByLiteral(node, parent);
}

/** Comparisons whose work is bounded by the shorter operand (strings are compared length first). */
const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=', 'in']);
/** Methods whose work is bounded by their literal argument. */
const PREFIX_TESTS = new Set(['startsWith', 'endsWith']);

/**
 * True when reading `node` costs nothing beyond what the literal it meets costs: a field compared
 * with a literal (`agent.team == "ops"`, `request.context.amount > 100`, `x in ["a", "b"]`) or
 * tested for a literal prefix or suffix. Its parent is metered (operators always are), so a type
 * error there is still paid for.
 */
function boundedByLiteral(node: CelNode, parent: CelNode | undefined): boolean {
  if (parent === undefined) return false;
  if (COMPARISONS.has(parent.op) && Array.isArray(parent.args)) {
    const [left, right] = parent.args as CelNode[];
    // `x in [literals]` is bounded by the list; `"a" in x` searches all of x.
    if (parent.op === 'in') return left === node && right !== undefined && constantList(right);
    const other = left === node ? right : left;
    return other !== undefined && (other.op === 'value' || constantList(other));
  }
  const call = methodCall(parent);
  return (
    call !== undefined && call.receiver === node && PREFIX_TESTS.has(call.name) && call.args.length === 1 && call.args[0]!.op === 'value'
  );
}

/** A list literal of literals (`["restricted", "confidential"]`): its size is known before it runs. */
const constantList = (node: CelNode): boolean =>
  node.op === 'list' && Array.isArray(node.args) && (node.args as CelNode[]).every((item) => item.op === 'value');

/**
 * Makes a parsed, type-checked expression spend from the meter as it evaluates. `regexes` holds
 * the compiled pattern of each `matches()` call (by its pattern text); every such call must have
 * one. Returns the units each evaluation pays before it starts (the nodes not metered one by one).
 */
export function meterExpression(root: CelNode, regexes: ReadonlyMap<string, Regex>): number {
  let upFront = 0;
  const visits: Visit[] = [];
  walk(root, (visit) => visits.push(visit));
  // Reads and literals whose cost is known before the expression runs, then (children before
  // parents) comparisons of such that no `||`, `&&` or `?:` sits above: each runs at most once,
  // does work bounded by its literal, and an error there ends the expression (paid for below, in
  // meterEvaluation), so none of them needs a meter of its own.
  const prepaid = new Set<CelNode>(
    visits.filter(({ node, parent, loopDepth, iterated }) => paidUpFront(node, parent, loopDepth, iterated)).map(({ node }) => node),
  );
  for (const { node, loopDepth, iterated, absorbed } of [...visits].reverse()) {
    if (loopDepth > 0 || iterated || absorbed || prepaid.has(node)) continue;
    const call = methodCall(node);
    const bounded = COMPARISONS.has(node.op)
      ? Array.isArray(node.args) && (node.args as CelNode[]).every((operand) => prepaid.has(operand))
      : call !== undefined && PREFIX_TESTS.has(call.name) && prepaid.has(call.receiver) && call.args.every((arg) => prepaid.has(arg));
    if (bounded) {
      prepaid.add(node);
      upFront += COST.operation;
    }
  }
  for (const { node, parent, parentOp, loopDepth, accumulates, iterated } of visits) {
    // A macro call is evaluated through its alternate node, which is metered itself.
    if (node.meta.alternate !== undefined) continue;
    const call = methodCall(node);
    if (call?.name === 'matches') {
      const pattern = call.args[0]?.op === 'value' ? (call.args[0].args as string) : undefined;
      const regex = pattern === undefined ? undefined : regexes.get(pattern);
      if (regex === undefined) throw new Error('matches() takes a string literal pattern');
      node.evaluate = regexSearch(call.receiver, regex);
      continue;
    }
    if (prepaid.has(node)) {
      if (paidUpFront(node, parent, loopDepth, iterated)) {
        const items = node.op === 'list' ? (node.args as CelNode[]) : [];
        upFront +=
          COST.step +
          (node.op === 'value'
            ? shallowUnits(node.args)
            : items.length + items.reduce((units, item) => units + shallowUnits(item.args), 0));
      }
      continue;
    }
    const inner = evaluatorOf(node);
    const sized = !accumulates && !ACCUMULATORS.has(node.op);
    const size = parentOp !== undefined && READS_WHOLE_VALUES.has(parentOp) ? wholeUnits : shallowUnits;
    const cost = OPERATIONS.has(node.op) ? COST.operation : COST.step;
    node.evaluate = function metered(evaluator, self, context) {
      charge(cost);
      let value: unknown;
      try {
        value = inner(evaluator, self, context);
      } catch (error) {
        // Errors are part of CEL (an `exists` goes on past one), but building one is costly.
        if (error !== OVER_BUDGET && error !== chargedError) {
          chargedError = error;
          charge(COST.error);
        }
        throw error;
      }
      if (sized) charge(size(value));
      // A loop is paid for before it starts: once begun, the library runs it to its end even when
      // the budget runs out inside (each turn then stops at once, but still takes a little time).
      if (iterated) charge(loopTurns(value) * COST.iteration);
      return value;
    };
  }
  return upFront;
}

/** How a metered evaluation failed: it raised `error`, or ran over its budget. */
export class MeteredFailure {
  constructor(
    readonly error: unknown,
    readonly overBudget: boolean,
  ) {}
}

const OVER_BUDGET_FAILURE = new MeteredFailure(OVER_BUDGET, true);

/**
 * Runs `evaluate(input)` with `budget.remaining` units, less `upFront` (what meterExpression left to
 * pay before it starts), and takes what it spent from the budget. Returns the value, or a
 * MeteredFailure; one that ran out is over budget whatever it returned (CEL's `||` may absorb the error).
 */
export function meterEvaluation<I>(budget: { remaining: number }, upFront: number, evaluate: (input: I) => unknown, input: I): unknown {
  meter.remaining = budget.remaining - upFront;
  meter.exhausted = meter.remaining <= 0;
  if (meter.exhausted) {
    budget.remaining = 0;
    return OVER_BUDGET_FAILURE;
  }
  // Errors raised inside an expression are values to CEL, never reported with their stack: skip building it.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    const value = evaluate(input);
    return meter.exhausted ? OVER_BUDGET_FAILURE : value;
  } catch (error) {
    // An error that reached the top was paid for by a metered step, unless it came from a prepaid one.
    if (error !== chargedError) meter.remaining -= COST.error;
    return meter.exhausted || meter.remaining < 0 ? OVER_BUDGET_FAILURE : new MeteredFailure(error, false);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
    budget.remaining = Math.max(0, meter.remaining);
  }
}
