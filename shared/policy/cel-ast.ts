/**
 * A walk over the syntax tree @marcbachmann/cel-js builds, for the two things Warden needs of it:
 * checking an expression's shape when it is saved (conditions.ts) and metering its evaluation
 * (cel-metering.ts). The library keeps macros (`all`, `exists`, `map`, `filter`, …) as a call node
 * whose evaluation is delegated to an "alternate" comprehension node; the walk follows what is
 * evaluated. This module is the only one that knows the tree's layout; the tests of conditions
 * pin the behaviour it relies on, so a library upgrade that changes it fails loudly.
 */

/** A node of a parsed (and type-checked) expression, as far as Warden reads it. */
export interface CelNode {
  readonly op: string;
  readonly args: unknown;
  readonly meta: { readonly alternate?: CelNode; readonly evaluate?: NodeEvaluate; readonly macro?: { evaluate?: unknown } };
  evaluate: NodeEvaluate;
}

/** How the library evaluates a node: with its evaluator, the node and the evaluation context. */
export type NodeEvaluate = (evaluator: CelEvaluator, node: CelNode, context: unknown) => unknown;

/** The library's evaluator, as handed to every node: `run` evaluates a child node. */
export interface CelEvaluator {
  run(node: CelNode, context: unknown): unknown;
}

/** What the walk tells a visitor about a node. */
export interface Visit {
  readonly node: CelNode;
  /** How many comprehensions (macro loops) the node is evaluated inside of, per element. */
  readonly loopDepth: number;
  /** The operator of the node that consumes this node's value (undefined for the root). */
  readonly parentOp: string | undefined;
  /** The node that consumes this node's value (undefined for the root). */
  readonly parent: CelNode | undefined;
  /** True for a loop's step: its value is the loop's accumulator. */
  readonly accumulates: boolean;
  /** True for a loop's range: the list (or map) it goes over. */
  readonly iterated: boolean;
  /** True below `||`, `&&` or `?:`, which may absorb an error and go on. */
  readonly absorbed: boolean;
}

/** Operators that may absorb an error raised below them and go on evaluating. */
const ABSORBERS = new Set(['||', '&&', '?:']);

const isNode = (value: unknown): value is CelNode =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as CelNode).op === 'string' &&
  typeof (value as CelNode).evaluate === 'function';

/** The nodes directly under `node` that its evaluation may evaluate; `deeper` for a loop's step, `iterated` for its range. */
function childrenOf(node: CelNode): { child: CelNode; deeper: boolean; iterated: boolean }[] {
  const alternate = node.meta.alternate;
  if (alternate !== undefined) return [{ child: alternate, deeper: false, iterated: false }];
  const children: { child: CelNode; deeper: boolean; iterated: boolean }[] = [];
  const collect = (value: unknown, deeper: boolean, iterated = false) => {
    if (isNode(value)) children.push({ child: value, deeper, iterated });
    else if (Array.isArray(value)) for (const item of value) collect(item, deeper);
  };
  if (node.op === 'comprehension') {
    const args = node.args as { iterable: unknown; init: unknown; step: unknown };
    collect(args.iterable, false, true);
    collect(args.init, false);
    collect(args.step, true);
    return children;
  }
  collect(node.args, false);
  return children;
}

/** Visits every node evaluation may reach, each once, parents before children. */
export function walk(root: CelNode, visit: (visit: Visit) => void): void {
  const seen = new Set<CelNode>();
  const stack: Visit[] = [
    { node: root, loopDepth: 0, parentOp: undefined, parent: undefined, accumulates: false, iterated: false, absorbed: false },
  ];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (seen.has(current.node)) continue;
    seen.add(current.node);
    visit(current);
    for (const { child, deeper, iterated } of childrenOf(current.node)) {
      stack.push({
        node: child,
        loopDepth: current.loopDepth + (deeper ? 1 : 0),
        parentOp: current.node.meta.alternate ? current.parentOp : current.node.op,
        parent: current.node.meta.alternate ? current.parent : current.node,
        accumulates: deeper,
        iterated,
        absorbed: current.absorbed || ABSORBERS.has(current.node.op),
      });
    }
  }
}

/** The method name and operands of a method call node (`x.matches(y)`), or undefined. */
export function methodCall(node: CelNode): { name: string; receiver: CelNode; args: readonly CelNode[] } | undefined {
  if (node.op !== 'rcall' || node.meta.alternate !== undefined) return undefined;
  const [name, receiver, args] = node.args as [unknown, unknown, unknown];
  if (typeof name !== 'string' || !isNode(receiver) || !Array.isArray(args) || !args.every(isNode)) return undefined;
  return { name, receiver, args };
}

/** The string of a literal node, or undefined when the node is not a string literal. */
export const stringLiteral = (node: CelNode): string | undefined =>
  node.op === 'value' && typeof node.args === 'string' ? node.args : undefined;

/**
 * The function the library would evaluate `node` with, bypassing its first-call dispatch: the
 * alternate's for a macro call, the macro's own for `has()`-like macros, else the operator's.
 */
export function evaluatorOf(node: CelNode): NodeEvaluate {
  const { alternate, macro } = node.meta;
  if (alternate !== undefined) return (evaluator, _node, context) => alternate.evaluate(evaluator, alternate, context);
  if (macro !== undefined && typeof macro.evaluate === 'function') {
    const evaluateMacro = macro.evaluate as NodeEvaluate;
    return (evaluator, _node, context) => evaluateMacro(evaluator, macro as unknown as CelNode, context);
  }
  return node.meta.evaluate!;
}
