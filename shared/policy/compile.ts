/**
 * Compilation: a validated document becomes a CompiledScope — globs as regular expressions,
 * conditions parsed once, environments as sets, and an index by action so a request looks only at
 * rules that can match its action: exact actions in a map, `prefix*` actions in maps by prefix
 * length, everything else in a short list scanned always. CompiledScopes are immutable and shared
 * by every agent governed by the same scope version (see PolicyCompiler).
 */
import { LRUCache } from 'lru-cache';
import { compileCondition, type Condition } from './conditions';
import type { Effect, PolicyDocument, Risk, Rule } from './document';
import { compileGlob, isLiteralGlob, trailingStarPrefix } from './glob';

/** Scope kinds from the most general to the most specific (their rank is their specificity). */
export const SCOPE_KINDS = ['org', 'tenant', 'team', 'role', 'agent'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

/** The specificity of a scope name (`team:payments` → 2). */
export function scopeRank(scope: string): number {
  const kind = scope.split(':', 1)[0] as ScopeKind;
  const rank = SCOPE_KINDS.indexOf(kind);
  if (rank < 0) throw new Error(`Unknown scope ${scope}`);
  return rank;
}

export interface CompiledRule {
  readonly id: string;
  readonly effect: Effect;
  readonly risk: Risk;
  readonly locked: boolean;
  readonly message?: string;
  readonly grantMinutes?: number;
  /** Position in its document (document order decides among equals). */
  readonly position: number;
  readonly environments?: ReadonlySet<string>;
  readonly actions: readonly RegExp[];
  readonly tools: readonly RegExp[];
  readonly resources: readonly RegExp[];
  readonly condition?: Condition;
  readonly rule: Rule;
}

/** One scope version, compiled. */
export interface CompiledScope {
  readonly scope: string;
  readonly version: number;
  readonly rank: number;
  readonly defaults: Readonly<Record<string, Effect>>;
  readonly rules: readonly CompiledRule[];
  /** Positions of the rules that may match `action`, in document order. */
  candidatesFor(action: string): readonly number[];
}

const matchesAny = (patterns: readonly RegExp[], value: string) => patterns.some((pattern) => pattern.test(value));

/** Does the rule's target (environment, action, tool, resource) match? Conditions are checked apart. */
export function targetMatches(rule: CompiledRule, environment: string, action: string, tool: string, resource: string): boolean {
  return (
    (rule.environments === undefined || rule.environments.has(environment)) &&
    matchesAny(rule.actions, action) &&
    matchesAny(rule.tools, tool) &&
    matchesAny(rule.resources, resource)
  );
}

function compileRule(rule: Rule, position: number): CompiledRule {
  return {
    id: rule.id,
    effect: rule.effect,
    risk: rule.risk,
    locked: rule.locked,
    ...(rule.message === undefined ? {} : { message: rule.message }),
    ...(rule.grantMinutes === undefined ? {} : { grantMinutes: rule.grantMinutes }),
    position,
    ...(rule.environments === undefined ? {} : { environments: new Set(rule.environments) }),
    actions: rule.actions.map((glob) => compileGlob(glob, 'name')),
    tools: rule.tools.map((glob) => compileGlob(glob, 'name')),
    resources: rule.resources.map((glob) => compileGlob(glob, 'path')),
    ...(rule.when === undefined ? {} : { condition: compileCondition(rule.when) }),
    rule,
  };
}

/** The action index of a document's rules. */
function indexByAction(rules: readonly Rule[]): (action: string) => readonly number[] {
  const exact = new Map<string, number[]>();
  const prefixes = new Map<number, Map<string, number[]>>();
  const always: number[] = [];
  const add = <K>(map: Map<K, number[]>, key: K, position: number) => {
    const list = map.get(key);
    if (list) list.push(position);
    else map.set(key, [position]);
  };
  rules.forEach((rule, position) => {
    for (const glob of rule.actions) {
      const prefix = trailingStarPrefix(glob);
      if (isLiteralGlob(glob)) add(exact, glob, position);
      else if (prefix !== undefined && prefix.length > 0) {
        let byPrefix = prefixes.get(prefix.length);
        if (!byPrefix) prefixes.set(prefix.length, (byPrefix = new Map()));
        add(byPrefix, prefix, position);
      } else always.push(position);
    }
  });
  const lengths = [...prefixes.keys()].sort((a, b) => a - b);
  return (action) => {
    const found: number[] = [...(exact.get(action) ?? []), ...always];
    for (const length of lengths) {
      if (length > action.length) break;
      const list = prefixes.get(length)?.get(action.slice(0, length));
      if (list) found.push(...list);
    }
    if (found.length < 2) return found;
    found.sort((a, b) => a - b);
    return found.filter((position, index) => index === 0 || found[index - 1] !== position);
  };
}

/** Compiles one validated document of `scope` at `version`. */
export function compileScope(scope: string, version: number, document: PolicyDocument): CompiledScope {
  return {
    scope,
    version,
    rank: scopeRank(scope),
    defaults: document.defaults ?? {},
    rules: document.rules.map(compileRule),
    candidatesFor: indexByAction(document.rules),
  };
}

/**
 * Compiles scope versions once and shares them: entries are keyed by scope, version and content
 * key (e.g. the content hash), so agents that share a team and role share the compiled documents.
 */
export function createPolicyCompiler(options: { maxEntries?: number } = {}) {
  const cache = new LRUCache<string, CompiledScope>({ max: options.maxEntries ?? 2000 });
  return {
    compile(scope: string, version: number, document: PolicyDocument, contentKey?: string): CompiledScope {
      if (contentKey === undefined) return compileScope(scope, version, document);
      const key = `${scope}@${version}#${contentKey}`;
      let compiled = cache.get(key);
      if (!compiled) cache.set(key, (compiled = compileScope(scope, version, document)));
      return compiled;
    },
    get size() {
      return cache.size;
    },
  };
}
export type PolicyCompiler = ReturnType<typeof createPolicyCompiler>;
