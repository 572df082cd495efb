/**
 * Compilation: a validated document becomes a CompiledScope — globs as string tests (regular
 * expressions only for unusual shapes), conditions parsed once, environments as sets, and an index
 * by action so a request looks only at rules that can match its action: literal actions by their
 * text, other globs by their literal prefix or suffix, and only globs with neither (such as `*`)
 * in a list scanned always. CompiledScopes
 * are immutable and shared by every agent governed by the same scope version (PolicyCompiler).
 */
import { LRUCache } from 'lru-cache';
import { compileCondition, type Condition } from './conditions';
import { type Effect, type PolicyDocument, RESTRICTIVENESS, type Risk, type Rule } from './document';
import { compileGlobTest, type Glob, type GlobKind, GlobShape, globMatches } from './glob';

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

/**
 * One rule, compiled. Every field is present (undefined when the rule has none) so all compiled
 * rules share one object shape, with what a decision reads first together at the front.
 */
export interface CompiledRule {
  readonly effect: Effect;
  /** The effect's restrictiveness (allow 0, require_approval 1, deny 2). */
  readonly restrictiveness: number;
  readonly locked: boolean;
  readonly condition: Condition | undefined;
  readonly environments: ReadonlySet<string> | undefined;
  readonly actions: FieldGlobs;
  /**
   * True when finding the rule under the action's literal in the index already proves its action
   * matches: one action glob that is a literal, `literal*` or `*literal`.
   */
  readonly actionSettled: boolean;
  readonly tools: FieldGlobs;
  readonly resources: FieldGlobs;
  readonly id: string;
  /** Position in its document (document order decides among equals). */
  readonly position: number;
  /** Where a decision looks at it among candidates: most restrictive effect first, then position. */
  readonly order: number;
  readonly risk: Risk;
  readonly message: string | undefined;
  readonly grantMinutes: number | undefined;
  readonly rule: Rule;
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
  /**
   * Writes the rules that may match `action` to the start of `into` — each once, most restrictive
   * effect first, then in document order — and returns how many (later entries are left over from
   * earlier calls). One array serves every lookup of a decision.
   */
  collectCandidates(action: string, into: CompiledRule[]): number;
}

/** A rule field's globs, compiled; the field matches when any of them does. */
export type FieldGlobs = readonly Glob[];

const ANYTHING: Record<GlobKind, FieldGlobs> = { name: [compileGlobTest('*', 'name')], path: [compileGlobTest('**', 'path')] };

function fieldGlobs(globs: readonly string[], kind: GlobKind): FieldGlobs {
  const compiled = globs.map((source) => compileGlobTest(source, kind));
  return compiled.some((test) => test.shape === GlobShape.Anything) ? ANYTHING[kind] : compiled;
}

function fieldMatches(globs: FieldGlobs, value: string): boolean {
  for (let i = 0; i < globs.length; i++) if (globMatches(globs[i]!, value)) return true;
  return false;
}

/**
 * Does the target (environment, action, tool, resource) of a rule that `candidatesFor(action)`
 * returned match? Conditions are checked apart.
 */
export function targetMatches(rule: CompiledRule, environment: string, action: string, tool: string, resource: string): boolean {
  return (
    (rule.environments === undefined || rule.environments.has(environment)) &&
    (rule.actionSettled || fieldMatches(rule.actions, action)) &&
    fieldMatches(rule.tools, tool) &&
    fieldMatches(rule.resources, resource)
  );
}

/**
 * What the rules of one document share once compiled: a condition per distinct expression, and
 * glob lists and environment sets per distinct content (most rules repeat a few tool, resource and
 * environment lists, so those stay hot in the processor's cache however many rules there are).
 */
function createRuleCompiler() {
  const conditions = new Map<string, Condition>();
  const fields = new Map<string, FieldGlobs>();
  const environments = new Map<string, ReadonlySet<string>>();
  const shared = <T>(map: Map<string, T>, key: string, make: () => T): T => {
    let value = map.get(key);
    if (value === undefined) map.set(key, (value = make()));
    return value;
  };
  const globsOf = (globs: readonly string[], kind: GlobKind) => shared(fields, `${kind}\n${globs.join('\n')}`, () => fieldGlobs(globs, kind));
  return (rule: Rule, position: number): CompiledRule => ({
    effect: rule.effect,
    restrictiveness: RESTRICTIVENESS[rule.effect],
    locked: rule.locked,
    condition: rule.when === undefined ? undefined : shared(conditions, rule.when, () => compileCondition(rule.when!)),
    environments: rule.environments === undefined ? undefined : shared(environments, rule.environments.join('\n'), () => new Set(rule.environments)),
    actions: globsOf(rule.actions, 'name'),
    actionSettled: rule.actions.length === 1 && settledShapes.has(compileGlobTest(rule.actions[0]!, 'name').shape),
    tools: globsOf(rule.tools, 'name'),
    resources: globsOf(rule.resources, 'path'),
    id: rule.id,
    position,
    order: (2 - RESTRICTIVENESS[rule.effect]) * 2 ** 20 + position,
    risk: rule.risk,
    message: rule.message,
    grantMinutes: rule.grantMinutes,
    rule,
  });
}

/** Action glob shapes whose whole test is the literal the index files them under. */
const settledShapes = new Set<GlobShape>([GlobShape.Exact, GlobShape.Prefix, GlobShape.Suffix, GlobShape.Anything]);

/** 32-bit FNV-1a, one character at a time: keys of the action index are hashes, not strings. */
const HASH_START = 0x811c9dc5 | 0;
const hashStep = (hash: number, code: number) => Math.imul(hash ^ code, 0x01000193);

function hashOf(text: string, fromEnd: boolean): number {
  let hash = HASH_START;
  for (let i = 0; i < text.length; i++) hash = hashStep(hash, text.charCodeAt(fromEnd ? text.length - 1 - i : i));
  return hash;
}

/** The key of a literal of `length` characters whose hash is `hash`. */
const keyOf = (hash: number, length: number) => Math.imul(hash ^ length, 0x9e3779b1);

/** The rules filed under one literal text; `next` chains literals whose keys collide. */
interface Literal {
  readonly text: string;
  readonly rules: CompiledRule[];
  next: Literal | undefined;
}

/** Where a key's search starts in a table of `mask + 1` slots. */
const slotFor = (key: number, mask: number) => (key ^ (key >>> 15)) & mask;

/**
 * Rules filed under literal texts, found by length and hash, so a lookup needs no substring. Most
 * probes are for texts no rule uses: a bit filter (about 16 bits per literal, small enough to stay
 * in the processor's cache) answers those, and the rest go to an open-addressing table of 32-bit
 * keys, half empty, where a probe reads one slot.
 */
class LiteralIndex {
  private readonly byKey = new Map<number, Literal>();
  /** `lengths[n]` is 1 when some literal has n characters. */
  lengths = new Uint8Array(0);
  /** One bit per slot-sized bucket of keys, about 16 per literal: most absent keys stop here. */
  private filter = new Int32Array(1);
  private filterMask = 31;
  /** Pairs of (key, 1 + index into `literals`); 0 marks an empty slot. */
  private slots = new Int32Array(2);
  private mask = 0;
  private literals: Literal[] = [];

  add(text: string, hash: number, rule: CompiledRule) {
    const key = keyOf(hash, text.length);
    let literal = this.byKey.get(key);
    while (literal !== undefined && literal.text !== text) literal = literal.next;
    if (literal) literal.rules.push(rule);
    else this.byKey.set(key, { text, rules: [rule], next: this.byKey.get(key) });
    if (text.length >= this.lengths.length) this.lengths = Uint8Array.from({ length: text.length + 1 }, (_, n) => this.lengths[n] ?? 0);
    this.lengths[text.length] = 1;
  }

  /** Builds the table once every literal is added. */
  seal() {
    const size = 2 ** Math.ceil(Math.log2(Math.max(2, this.byKey.size * 2)));
    this.slots = new Int32Array(size * 2);
    this.mask = size - 1;
    this.literals = [];
    this.filterMask = Math.max(32, size * 8) - 1;
    this.filter = new Int32Array((this.filterMask + 1) / 32);
    for (const [key, head] of this.byKey) {
      const bit = key & this.filterMask;
      this.filter[bit >>> 5]! |= 1 << (bit & 31);
      for (let literal: Literal | undefined = head; literal; literal = literal.next) literal.rules.sort((a, b) => a.order - b.order);
      let slot = slotFor(key, this.mask);
      while (this.slots[slot * 2 + 1] !== 0) slot = (slot + 1) & this.mask;
      this.literals.push(head);
      this.slots[slot * 2] = key;
      this.slots[slot * 2 + 1] = this.literals.length;
    }
  }

  /** The literals of `length` characters whose hash is `hash` (the caller compares the text). */
  get(hash: number, length: number): Literal | undefined {
    const key = keyOf(hash, length);
    const bit = key & this.filterMask;
    if ((this.filter[bit >>> 5]! & (1 << (bit & 31))) === 0) return undefined;
    const slots = this.slots;
    const mask = this.mask;
    for (let slot = slotFor(key, mask); ; slot = (slot + 1) & mask) {
      const entry = slots[slot * 2 + 1]!;
      if (entry === 0) return undefined;
      if (slots[slot * 2] === key) return this.literals[entry - 1];
    }
  }
}

/**
 * The action index of a document's rules. Each action glob is filed under its literal text (no
 * wildcard), else its literal prefix (before the first wildcard), else its literal suffix (after
 * the last), else in a list every request scans. Literals are found by hash, so a lookup hashes
 * the action once from each end and probes only the lengths some literal has; a literal found is
 * compared with the action once, for all the rules filed under it.
 */
function indexByAction(rules: readonly CompiledRule[]): CompiledScope['collectCandidates'] {
  const exact = new LiteralIndex();
  const prefixes = new LiteralIndex();
  const suffixes = new LiteralIndex();
  const always: CompiledRule[] = [];
  for (const rule of rules) {
    for (const glob of rule.rule.actions) {
      const first = glob.search(/[*?]/);
      if (first < 0) exact.add(glob, hashOf(glob, false), rule);
      else if (first > 0) prefixes.add(glob.slice(0, first), hashOf(glob.slice(0, first), false), rule);
      else {
        const suffix = glob.slice(Math.max(glob.lastIndexOf('*'), glob.lastIndexOf('?')) + 1);
        if (suffix.length > 0) suffixes.add(suffix, hashOf(suffix, true), rule);
        else always.push(rule);
      }
    }
  }
  for (const literals of [exact, prefixes, suffixes]) literals.seal();
  const prefixLengths = prefixes.lengths;
  const suffixLengths = suffixes.lengths;
  // The always-scanned rules go in first: they and every filed list are already in order.
  always.sort((a, b) => a.order - b.order);
  return (action, into) => {
    let count = append(into, 0, always);
    const length = action.length;
    let hash = HASH_START;
    for (let i = 1; i <= length; i++) {
      hash = hashStep(hash, action.charCodeAt(i - 1));
      if (prefixLengths[i] !== 1) continue;
      for (let literal = prefixes.get(hash, i); literal !== undefined; literal = literal.next) if (action.startsWith(literal.text)) count = append(into, count, literal.rules);
    }
    for (let literal = exact.get(hash, length); literal !== undefined; literal = literal.next) if (action === literal.text) count = append(into, count, literal.rules);
    hash = HASH_START;
    for (let i = 1; i <= length && i < suffixLengths.length; i++) {
      hash = hashStep(hash, action.charCodeAt(length - i));
      if (suffixLengths[i] !== 1) continue;
      for (let literal = suffixes.get(hash, i); literal !== undefined; literal = literal.next) if (action.endsWith(literal.text)) count = append(into, count, literal.rules);
    }
    return inEvaluationOrder(into, count);
  };
}

/** Writes `filed` into `into` from `count` on; returns the new count. */
function append(into: CompiledRule[], count: number, filed: readonly CompiledRule[]): number {
  for (let i = 0; i < filed.length; i++) into[count + i] = filed[i]!;
  return count + filed.length;
}

/**
 * Sorts the first `count` rules of `found` by `order` and drops repeats (insertion sort:
 * candidates are few); returns how many remain.
 */
function inEvaluationOrder(found: CompiledRule[], count: number): number {
  for (let i = 1; i < count; i++) {
    const rule = found[i]!;
    let j = i - 1;
    while (j >= 0 && found[j]!.order > rule.order) {
      found[j + 1] = found[j]!;
      j--;
    }
    found[j + 1] = rule;
  }
  let unique = 0;
  for (let i = 0; i < count; i++) if (unique === 0 || found[unique - 1] !== found[i]) found[unique++] = found[i]!;
  return unique;
}

/** Compiles one validated document of `scope` at `version`. */
export function compileScope(scope: string, version: number, document: PolicyDocument): CompiledScope {
  const rules = document.rules.map(createRuleCompiler());
  return {
    scope,
    version,
    rank: scopeRank(scope),
    consulted: Object.freeze({ scope, version }),
    defaults: document.defaults ?? {},
    rules,
    collectCandidates: indexByAction(rules),
  };
}

/** The rules of `scope` that may match `action`, in the order a decision looks at them. */
export function candidatesFor(scope: CompiledScope, action: string): CompiledRule[] {
  const into: CompiledRule[] = [];
  return into.slice(0, scope.collectCandidates(action, into));
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
