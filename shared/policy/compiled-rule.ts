/**
 * A compiled rule as the engine's parts share it: the action index files and tests rules by these
 * fields, the compiler builds them, the decision reads the deciding one. Its own module, so the
 * index and the compiler depend on it rather than on each other.
 */
import type { Condition } from './conditions';
import type { Effect, Risk, Rule } from './document';
import type { Glob } from './glob';

/** A rule field's globs, compiled; the field matches when any of them does. */
export type FieldGlobs = readonly Glob[];

/**
 * One rule, compiled. Every field is present (undefined when the rule has none) so all compiled
 * rules share one object shape. A decision looks at rules through the action index's records
 * (action-index.ts) and reads this object only for the rule that decides or a failing condition.
 */
export interface CompiledRule {
  readonly effect: Effect;
  /** The effect's restrictiveness (allow 0, require_approval 1, deny 2). */
  readonly restrictiveness: number;
  readonly locked: boolean;
  readonly condition: Condition | undefined;
  readonly environments: ReadonlySet<string> | undefined;
  readonly actions: FieldGlobs;
  readonly tools: FieldGlobs;
  readonly resources: FieldGlobs;
  readonly id: string;
  /** The rank of its scope (org 0 … agent 4). */
  readonly scopeRank: number;
  /**
   * Where a decision looks at it among candidates: scopes from org down, then the most restrictive
   * effect first, then document order.
   */
  readonly order: number;
  readonly risk: Risk;
  readonly message: string | undefined;
  readonly grantMinutes: number | undefined;
  readonly rule: Rule;
}

/**
 * A rule's order among candidates as one number: its scope's rank (org first), then its effect
 * (most restrictive first), then its position in the document (at most 100,000 rules, under 2^20).
 */
export const orderOf = (rank: number, restrictiveness: number, position: number) =>
  rank * 2 ** 22 + (2 - restrictiveness) * 2 ** 20 + position;

/** The scope rank a rule's order holds. */
export const rankInOrder = (order: number) => order >>> 22;

/** The restrictiveness of the effect a rule's order holds. */
export const restrictivenessInOrder = (order: number) => 2 - ((order >>> 20) & 3);
