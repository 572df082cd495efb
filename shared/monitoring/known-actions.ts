/**
 * The actions an agent is known to use, for the `new_action` detector: the set of action keys
 * (shared/metrics/action-key.ts) seen in its minutes, first seen first, at most MAX_KNOWN_ACTIONS.
 * A set and not a statistic: "never seen" is the question, and a tool's first use is no count that
 * a mean and a deviation could describe. See docs/decisions/anomaly-detection.md.
 *
 * The learning period counts from the first minute that named its actions (`since`), not from the
 * agent's first minute: an agent whose older minutes carried no actions learns its set afresh
 * instead of finding everything new. A full set learns and reports no more: an agent that uses
 * that many different actions has no usual set for a new one to stand out from.
 */
import { type ActionAndTool, actionOfKey } from '../metrics/action-key';

/** Action keys an agent's set holds at most (documented limit). */
export const MAX_KNOWN_ACTIONS = 200;
/** New actions an anomaly names at most (its `observed` counts them all). */
export const MAX_REPORTED_ACTIONS = 5;

/** An agent's known actions, as stored with its baselines. */
export interface KnownActions {
  /** The first minute (`YYYY-MM-DDTHH:MM`) that named the agent's actions. */
  readonly since: string;
  /** Action keys seen, first seen first, at most MAX_KNOWN_ACTIONS. */
  readonly keys: readonly string[];
}

/** Whether the set is full (it learns and reports nothing more). */
export const isFull = (known: KnownActions): boolean => known.keys.length >= MAX_KNOWN_ACTIONS;

/**
 * The set after a minute's actions, and the actions of the minute it did not know (each once).
 * A minute without actions (older data) changes nothing; a full set stays as it is and finds
 * nothing new; otherwise the new keys join, up to the bound.
 */
export function learnActions(
  known: KnownActions | undefined,
  minute: string,
  actions: readonly string[] | undefined,
): { known: KnownActions | undefined; fresh: readonly string[] } {
  if (actions === undefined || actions.length === 0) return { known, fresh: [] };
  const before = known ?? { since: minute, keys: [] };
  if (isFull(before)) return { known: before, fresh: [] };
  const seen = new Set(before.keys);
  const fresh = [...new Set(actions)].filter((key) => !seen.has(key));
  if (fresh.length === 0) return { known: before, fresh };
  return { known: { since: before.since, keys: [...before.keys, ...fresh].slice(0, MAX_KNOWN_ACTIONS) }, fresh };
}

/** The action and tool of a key, or the key itself as the action if it is not one actionKeyOf made. */
export function describeAction(key: string): ActionAndTool {
  try {
    const parsed = actionOfKey(key);
    if (typeof parsed.action === 'string' && (parsed.tool === undefined || typeof parsed.tool === 'string')) return parsed;
  } catch {
    // not JSON: shown as it is
  }
  return { action: key };
}
