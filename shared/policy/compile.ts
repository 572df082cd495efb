/**
 * Compilation: a validated document becomes a CompiledScope — globs as string tests (glob.ts),
 * conditions parsed once per distinct expression,
 * environments as sets, and an action index (action-index.ts) so a request looks only at rules
 * that can match its action. CompiledScopes are immutable and shared by every agent governed by the
 * same scope version (PolicyCompiler), which also indexes the scopes agents share together.
 */
import { LRUCache } from 'lru-cache';
import { upTo } from '../kernel/cache-bound';
import { ActionIndex } from './action-index';
import { type CompiledRule, type FieldGlobs, orderOf } from './compiled-rule';
import { compileCondition, type Condition } from './conditions';
import { type Effect, type PolicyDocument, RESTRICTIVENESS, type Rule } from './document';
import { compileGlobTest, type GlobKind, GlobShape } from './glob';

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

/** One scope version, compiled. */
export interface CompiledScope {
  readonly scope: string;
  readonly version: number;
  readonly rank: number;
  readonly defaults: Readonly<Record<string, Effect>>;
  readonly rules: readonly CompiledRule[];
  /** What a decision lists among the versions it consulted. */
  readonly consulted: Readonly<{ scope: string; version: number }>;
  /** The scope's own action index (built when first asked for). */
  readonly index: ActionIndex;
}

const ANYTHING: Record<GlobKind, FieldGlobs> = { name: [compileGlobTest('*', 'name')], path: [compileGlobTest('**', 'path')] };

function fieldGlobs(globs: readonly string[], kind: GlobKind): FieldGlobs {
  const compiled = globs.map((source) => compileGlobTest(source, kind));
  return compiled.some((test) => test.shape === GlobShape.Anything) ? ANYTHING[kind] : compiled;
}

/**
 * What the rules of one document share once compiled: a condition per distinct expression, and
 * glob lists and environment sets per distinct content (most rules repeat a few tool, resource and
 * environment lists, so those stay hot in the processor's cache however many rules there are).
 */
function createRuleCompiler(rank: number) {
  const conditions = new Map<string, Condition>();
  const fields = new Map<string, FieldGlobs>();
  const environments = new Map<string, ReadonlySet<string>>();
  const shared = <T>(map: Map<string, T>, key: string, make: () => T): T => {
    let value = map.get(key);
    if (value === undefined) map.set(key, (value = make()));
    return value;
  };
  const globsOf = (globs: readonly string[], kind: GlobKind) =>
    shared(fields, `${kind}\n${globs.join('\n')}`, () => fieldGlobs(globs, kind));
  return (rule: Rule, position: number): CompiledRule => ({
    effect: rule.effect,
    restrictiveness: RESTRICTIVENESS[rule.effect],
    locked: rule.locked,
    condition: rule.when === undefined ? undefined : shared(conditions, rule.when, () => compileCondition(rule.when!)),
    environments:
      rule.environments === undefined ? undefined : shared(environments, rule.environments.join('\n'), () => new Set(rule.environments)),
    actions: globsOf(rule.actions, 'name'),
    tools: globsOf(rule.tools, 'name'),
    resources: globsOf(rule.resources, 'path'),
    id: rule.id,
    scopeRank: rank,
    order: orderOf(rank, RESTRICTIVENESS[rule.effect], position),
    risk: rule.risk,
    message: rule.message,
    grantMinutes: rule.grantMinutes,
    rule,
  });
}

/** Compiles one validated document of `scope` at `version`. */
export function compileScope(scope: string, version: number, document: PolicyDocument): CompiledScope {
  const rank = scopeRank(scope);
  const rules = document.rules.map(createRuleCompiler(rank));
  let index: ActionIndex | undefined;
  return {
    scope,
    version,
    rank,
    consulted: Object.freeze({ scope, version }),
    defaults: document.defaults ?? {},
    rules,
    // Built on first use: agents whose shared scopes are indexed together never need it.
    get index() {
      return (index ??= new ActionIndex(rules));
    },
  };
}

/**
 * Compiles scope versions once and shares them: entries are keyed by scope, version and content
 * key (e.g. the content hash), so agents that share a team and role share the compiled documents.
 * It also compiles the scopes that agents share (org, tenant, team, role) into one action index,
 * so a decision probes two indexes (shared and agent) instead of five.
 */
export function createPolicyCompiler(options: { maxEntries?: number; maxSharedIndexes?: number } = {}) {
  const cache = new LRUCache<string, CompiledScope>(upTo(options.maxEntries ?? 2000));
  const keys = new WeakMap<CompiledScope, string>();
  const sharedIndexes = new LRUCache<string, ActionIndex>(upTo(options.maxSharedIndexes ?? 200));
  return {
    compile(scope: string, version: number, document: PolicyDocument, contentKey?: string): CompiledScope {
      if (contentKey === undefined) return compileScope(scope, version, document);
      const key = `${scope}@${version}#${contentKey}`;
      let compiled = cache.get(key);
      if (!compiled) {
        cache.set(key, (compiled = compileScope(scope, version, document)));
        keys.set(compiled, key);
      }
      return compiled;
    },
    /**
     * The action indexes for a decision under `scopes` (org to agent): one for the scopes below
     * the agent's, compiled together and shared by every agent with the same ones, and the agent
     * scope's own. Scopes this compiler did not cache keep their own indexes.
     */
    indexesFor(scopes: readonly CompiledScope[]): readonly ActionIndex[] {
      const shared = scopes.filter((scope) => scope.rank < SCOPE_KINDS.indexOf('agent'));
      const sharedKeys = shared.map((scope) => keys.get(scope));
      if (shared.length < 2 || sharedKeys.includes(undefined)) return scopes.map((scope) => scope.index);
      const key = sharedKeys.join('\n');
      let index = sharedIndexes.get(key);
      if (!index) sharedIndexes.set(key, (index = new ActionIndex(shared.flatMap((scope) => scope.rules))));
      return [index, ...scopes.filter((scope) => !shared.includes(scope)).map((scope) => scope.index)];
    },
    get size() {
      return cache.size;
    },
  };
}
export type PolicyCompiler = ReturnType<typeof createPolicyCompiler>;
