/**
 * The worst documents a tenant can write within the limits (docs/policy-language.md "Limits"),
 * 1,000 rules each, with the requests that make them work hardest: globs that scan without
 * matching, globs that match only at the last of the most a field may list, conditions that
 * backtrack (`^(a+)+$`), loop within loops, double strings in a chain of `map`s or compare large
 * maps — every rule's different so no work is shared — and a thousand rules all found for one
 * action. Every decision must stay under a millisecond (issue 15).
 */
import { MAX_GLOBS_PER_FIELD } from '../../shared/policy/document';
import { MAX_GLOB_LENGTH } from '../../shared/policy/glob';
import { REQUEST_LIMITS } from '../../shared/policy/request-limits';
import type { DecisionRequest } from '../../shared/policy/decide';

const RULES = 1000;
const fill = (pattern: string, length: number) => pattern.repeat(Math.ceil(length / pattern.length)).slice(0, length);

/** `a*a*a*…` up to the longest glob, ending in something the value never has. */
const scanningGlob = (n: number, end: string) => `${fill('a*', MAX_GLOB_LENGTH - 8)}${n % 10}${end}`;
/** A path glob of many `**` runs that almost match a path of `a` segments. */
const scanningPath = (n: number) => `${fill('**/a/', MAX_GLOB_LENGTH - 6)}${n % 10}/**`.replace(/\/\/+/g, '/');

const list = (make: (k: number) => string) => Array.from({ length: MAX_GLOBS_PER_FIELD }, (_, k) => make(k));

/** The agent's request: as long as the limits allow, and a context full to its limit. */
export const adversarialRequest: DecisionRequest = {
  action: 'a'.repeat(REQUEST_LIMITS.maxNameLength),
  tool: 'a'.repeat(REQUEST_LIMITS.maxNameLength),
  resource: fill('a/', REQUEST_LIMITS.maxResourceLength - 1),
  context: {
    // ~16 Ki characters of JSON, nested within the depth limit.
    items: Array.from({ length: 1500 }, (_, n) => n),
    words: Array.from({ length: 300 }, (_, n) => `w${n}`),
    nested: { a: { b: { c: { d: { e: { f: 'deep' } } } } } },
    text: 'a'.repeat(2000),
  },
};

/** Rules whose globs all scan the request's values and never match. */
function scanningGlobs(n: number) {
  return {
    id: `scan-${n}`,
    effect: 'deny',
    actions: list((k) => scanningGlob(n + k, 'b')),
    tools: list((k) => scanningGlob(n + k, 'c')),
    resources: list(() => scanningPath(n)),
  };
}

/** Rules whose last glob of each field matches, so every glob is tested and the condition runs. */
function lateMatches(n: number, when: string) {
  return {
    id: `late-${n}`,
    effect: n % 2 === 0 ? 'deny' : 'require_approval',
    actions: [...list((k) => scanningGlob(n + k, 'b')).slice(1), `${fill('a*', 64)}a`],
    tools: [...list((k) => scanningGlob(n + k, 'c')).slice(1), `*a*a*a*a`],
    resources: [...list(() => scanningPath(n)).slice(1), `**/a/**/a/*`],
    when,
  };
}

/** Expensive conditions, each made different by its number so none is shared. */
const CONDITIONS = [
  (n: number) => `request.context.text.matches("^(a+)+$") && ${n} == ${n}`,
  (n: number) => `request.resource.matches("(a|aa)+b") || ${n} == ${n + 1}`,
  (n: number) => `request.context.items.all(x, request.context.items.exists(y, x + y == ${-n}))`,
  (n: number) => `request.context.words.all(w, request.context.words.exists(v, w + v == "x${n}"))`,
  (n: number) =>
    `[request.context.text].map(a, a + a).map(a, a + a).map(a, a + a).map(a, a + a).map(a, a + a).map(a, a + a).map(a, a + a).map(a, a + a).map(a, a + a).map(a, a + a).size() > ${n}`,
  (n: number) => `request.context.items.map(x, request.context).all(m, m == request.context) && ${n} == ${n}`,
];

/** The documents: name → effective policy (five scopes, org to agent) of RULES rules. */
export function adversarialPolicies(): Record<string, Record<string, unknown>[]> {
  const spread = (make: (n: number) => Record<string, unknown>) => {
    const rules = Array.from({ length: RULES }, (_, n) => make(n));
    const perScope = RULES / 5;
    return [0, 1, 2, 3, 4].map((scope) => ({ rules: rules.slice(scope * perScope, (scope + 1) * perScope) }));
  };
  return {
    'globs that scan and never match': spread(scanningGlobs),
    'globs that match last, costly conditions': spread((n) => lateMatches(n, CONDITIONS[n % CONDITIONS.length]!(n))),
    'costly conditions on every rule': spread((n) => ({
      id: `when-${n}`,
      effect: n % 3 === 0 ? 'allow' : 'deny',
      when: CONDITIONS[n % CONDITIONS.length]!(n),
    })),
    'every rule found under many literals': spread((n) => ({
      id: `many-${n}`,
      effect: 'deny',
      actions: list((k) => `${'a'.repeat(k + 1)}*`),
      tools: ['b'],
    })),
  };
}
