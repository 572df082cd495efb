/**
 * Compilation: a validated document becomes a CompiledScope — globs as regular expressions,
 * conditions parsed once, environments as sets, and an index by action so a request looks only at
 * rules that can match its action: literal actions in a map, other globs by their literal prefix
 * or suffix, and only globs with neither (such as `*`) in a list scanned always. CompiledScopes
 * are immutable and shared by every agent governed by the same scope version (PolicyCompiler).
 */
import { LRUCache } from 'lru-cache';
import { compileCondition, type Condition } from './conditions';
import type { Effect, PolicyDocument, Risk, Rule } from './document';
import { compileGlob, type GlobKind } from './glob';

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
  readonly actions: Matcher;
  readonly tools: Matcher;
  readonly resources: Matcher;
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
  /** Positions of the rules that may match `action`, each once, in no particular order. */
  candidatesFor(action: string): readonly number[];
}

/** Whether a value matches any of a rule's globs for one field. */
export type Matcher = (value: string) => boolean;

const ANYTHING: Matcher = () => true;

/** One matcher for a list of globs, with fast paths for "anything" and literal-only lists. */
function matcherOf(globs: readonly string[], kind: GlobKind): Matcher {
  if (globs.includes(kind === 'name' ? '*' : '**')) return ANYTHING;
  if (globs.every((glob) => !/[*?]/.test(glob))) {
    if (globs.length === 1) {
      const only = globs[0];
      return (value) => value === only;
    }
    const set = new Set(globs);
    return (value) => set.has(value);
  }
  const patterns = globs.map((glob) => compileGlob(glob, kind));
  return patterns.length === 1 ? (value) => patterns[0]!.test(value) : (value) => patterns.some((pattern) => pattern.test(value));
}

/** Does the rule's target (environment, action, tool, resource) match? Conditions are checked apart. */
export function targetMatches(rule: CompiledRule, environment: string, action: string, tool: string, resource: string): boolean {
  return (
    (rule.environments === undefined || rule.environments.has(environment)) &&
    rule.actions(action) &&
    rule.tools(tool) &&
    rule.resources(resource)
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
    actions: matcherOf(rule.actions, 'name'),
    tools: matcherOf(rule.tools, 'name'),
    resources: matcherOf(rule.resources, 'path'),
    ...(rule.when === undefined ? {} : { condition: compileCondition(rule.when) }),
    rule,
  };
}

/** Positions grouped by a literal key, looked up by every key length a value could have. */
class AffixIndex {
  private readonly byLength = new Map<number, Map<string, number[]>>();
  private lengths: number[] = [];

  add(key: string, position: number) {
    let byKey = this.byLength.get(key.length);
    if (!byKey) {
      this.byLength.set(key.length, (byKey = new Map()));
      this.lengths = [...this.byLength.keys()].sort((a, b) => a - b);
    }
    const list = byKey.get(key);
    if (list) list.push(position);
    else byKey.set(key, [position]);
  }

  /** Adds to `found` the positions whose key is the prefix (or suffix) of `value`. */
  collect(value: string, side: 'prefix' | 'suffix', found: number[]) {
    for (const length of this.lengths) {
      if (length > value.length) break;
      const key = side === 'prefix' ? value.slice(0, length) : value.slice(value.length - length);
      const list = this.byLength.get(length)!.get(key);
      if (list) for (const position of list) found.push(position);
    }
  }
}

/**
 * The action index of a document's rules. Each action glob is filed under its literal text (no
 * wildcard), else its literal prefix (before the first wildcard), else its literal suffix (after
 * the last), else in a list every request scans. A lookup returns each rule that may match once, in
 * no particular order (a superset: the full match is checked after).
 */
function indexByAction(rules: readonly Rule[]): (action: string) => readonly number[] {
  const exact = new Map<string, number[]>();
  const prefixes = new AffixIndex();
  const suffixes = new AffixIndex();
  const always: number[] = [];
  rules.forEach((rule, position) => {
    for (const glob of rule.actions) {
      const first = glob.search(/[*?]/);
      if (first < 0) {
        const list = exact.get(glob);
        if (list) list.push(position);
        else exact.set(glob, [position]);
      } else if (first > 0) prefixes.add(glob.slice(0, first), position);
      else {
        const suffix = glob.slice(Math.max(glob.lastIndexOf('*'), glob.lastIndexOf('?')) + 1);
        if (suffix.length > 0) suffixes.add(suffix, position);
        else always.push(position);
      }
    }
  });
  // Each lookup stamps the positions it returns, so a rule filed under several keys comes once.
  const seen = new Uint32Array(rules.length);
  let stamp = 0;
  return (action) => {
    const found: number[] = [];
    prefixes.collect(action, 'prefix', found);
    suffixes.collect(action, 'suffix', found);
    const literal = exact.get(action);
    if (literal) for (const position of literal) found.push(position);
    for (const position of always) found.push(position);
    if (found.length < 2) return found;
    stamp = stamp === 0xffffffff ? 1 : stamp + 1;
    if (stamp === 1) seen.fill(0);
    let unique = 0;
    for (const position of found) {
      if (seen[position] === stamp) continue;
      seen[position] = stamp;
      found[unique++] = position;
    }
    found.length = unique;
    return found;
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
