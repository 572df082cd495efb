/**
 * The action index: finds the rules that may match a request's action without scanning every
 * rule. Each action glob is filed under its literal text (no wildcard), else its literal prefix
 * (before the first wildcard), else its literal suffix (after the last), else in a list every
 * request scans (`*`). Literals are found by hash, so a lookup hashes the action once from each
 * end and probes only the lengths some literal has, without building substrings; a literal found
 * is compared with the action once, for all the rules filed under it. One index may cover one
 * scope's rules or several scopes' rules compiled together.
 *
 * A policy of 100,000 rules is far larger than the processor's cache, so what a lookup reads is
 * laid out to be read in few trips to memory: each rule is a record of eight 32-bit numbers — what
 * a decision needs to pass over it or test its target — and the records filed under one literal
 * sit together, in the order a decision looks at them. The compiled rule itself is read only for
 * the rule that decides.
 */
import { FNV_START, fnvStep } from '../kernel/fnv1a';
import type { CompiledRule, FieldGlobs } from './compiled-rule';
import type { Condition } from './conditions';
import { COST, type EvaluationBudget } from './evaluation-budget';
import { globMatches, GlobShape } from './glob';

/** What `targetMatches` answers: the target matches, does not, or the budget could not pay for testing it. */
export const Target = { NoMatch: 0, Match: 1, Unaffordable: 2 } as const;
export type Target = (typeof Target)[keyof typeof Target];

/**
 * What testing a glob list costs per character of the value, beyond the simple string tests every
 * rule gets for free: each glob of no simple shape costs one unit per character plus its length.
 */
function patternWeight(globs: FieldGlobs): number {
  let weight = 0;
  for (const glob of globs) if (glob.shape === GlobShape.Pattern) weight += 1;
  return weight;
}

/** Candidates above this many are sorted by the engine's own numeric sort instead of by insertion. */
const INSERTION_SORT_LIMIT = 32;

/**
 * Where each number of a rule's record sits. Flags holds whether the rule is locked (bit 0) and,
 * for an action glob of a literal and `?`s only, the length an action must have (the rest).
 */
const Field = { Order: 0, Flags: 1, Rule: 2, Condition: 3, Environments: 4, Actions: 5, Tools: 6, Resources: 7 } as const;
const LOCKED = 1;
/** The numbers in a record. */
const RECORD = 8;
/** The Condition, Environments and Actions fields hold this when the rule has none to test. */
const NONE = -1;

/** The FNV-1a hash of `text` read from its first character, or from its last (suffixes). */
function hashOf(text: string, fromEnd: boolean): number {
  let hash = FNV_START;
  for (let i = 0; i < text.length; i++) hash = fnvStep(hash, text.charCodeAt(fromEnd ? text.length - 1 - i : i));
  return hash;
}

/** The key of a literal of `length` characters whose hash is `hash`. */
const keyOf = (hash: number, length: number) => Math.imul(hash ^ length, 0x9e3779b1);

/** Where a key's search starts in a table of `mask + 1` slots. */
const slotFor = (key: number, mask: number) => (key ^ (key >>> 15)) & mask;

/** A slot is four numbers: the key, where the literal's text is, where its records start and end. */
const SLOT = 4;

/**
 * Where an action glob is filed — under its literal text, literal prefix or literal suffix, or
 * always — and whether being found there proves the glob matches (`settled`): it does for a
 * literal, `literal*`, `*literal` and `*`, and, given the action's length, for a literal with `?`s
 * before or after it (`svc:op?`). Other globs are tested when found.
 */
interface Filing {
  readonly under: 'exact' | 'prefix' | 'suffix' | 'always';
  readonly literal: string;
  readonly settled: boolean;
  /** The action's length a settled glob of a literal and `?`s requires (0: any). */
  readonly length: number;
}

function filingOf(glob: string): Filing {
  const first = glob.search(/[*?]/);
  if (first < 0) return { under: 'exact', literal: glob, settled: true, length: 0 };
  const afterLast = Math.max(glob.lastIndexOf('*'), glob.lastIndexOf('?')) + 1;
  // Where it is filed, and the wildcards besides the literal it is filed under.
  let filed: Pick<Filing, 'under' | 'literal'> = { under: 'always', literal: '' };
  let wildcards = glob;
  if (first > 0) {
    filed = { under: 'prefix', literal: glob.slice(0, first) };
    wildcards = glob.slice(first);
  } else if (afterLast < glob.length) {
    filed = { under: 'suffix', literal: glob.slice(afterLast) };
    wildcards = glob.slice(0, afterLast);
  }
  if (/^\*+$/.test(wildcards)) return { ...filed, settled: true, length: 0 };
  if (/^\?+$/.test(wildcards)) return { ...filed, settled: true, length: glob.length };
  return { ...filed, settled: false, length: 0 };
}

/**
 * Writes a literal's text (when given) and then its group of records into the index's memory;
 * returns where the text is, where the records start and where they end.
 */
type Place = (group: readonly Filed[], text?: string) => readonly [number, number, number];

/** A rule, its number in the index, and how one of its action globs is filed. */
interface Filed {
  readonly rule: CompiledRule;
  readonly number: number;
  readonly filing: Filing;
}

/** How many numbers a text takes in the index's memory: its length, then its characters two to a number. */
const packedSize = (text: string) => 1 + Math.ceil(text.length / 2);

/** Writes `text` packed into `memory` at `at`. */
function packText(text: string, memory: Int32Array, at: number) {
  memory[at] = text.length;
  for (let i = 0; i < text.length; i += 2)
    memory[at + 1 + (i >> 1)] = text.charCodeAt(i) | ((i + 1 < text.length ? text.charCodeAt(i + 1) : 0) << 16);
}

/** Is the text packed at `at` in `memory` the `length` characters of `action` from `from` on? */
function textIs(memory: Int32Array, at: number, action: string, from: number, length: number): boolean {
  if (memory[at] !== length) return false;
  for (let i = 0; i < length; i += 2) {
    const pair = memory[at + 1 + (i >> 1)]!;
    if ((pair & 0xffff) !== action.charCodeAt(from + i)) return false;
    if (i + 1 < length && pair >>> 16 !== action.charCodeAt(from + i + 1)) return false;
  }
  return true;
}

/**
 * Rule records filed under literal texts, found by length and hash, so a lookup needs no
 * substring. Most probes are for texts no rule uses: a bit filter (about 16 bits per literal,
 * small enough to stay in the processor's cache) answers those. The rest go to an open-addressing
 * table, half empty, whose slot holds the key and where the literal is in the index's memory: its
 * text, and right after it the records filed under it.
 */
class LiteralIndex {
  /** Whether literals are hashed from their last character (suffixes) or their first. */
  constructor(private readonly fromEnd: boolean) {}

  private readonly filed = new Map<string, Filed[]>();
  /** `lengths[n]` is 1 when some literal has n characters. */
  lengths = new Uint8Array(0);
  /** A bit filter over the keys (about 16 bits per literal): most absent keys stop here. */
  private filter = new Int32Array(1);
  private filterMask = 31;
  /** The slots; a slot whose records end at 0 is empty. */
  private slots = new Int32Array(SLOT);
  private mask = 0;

  /** How many numbers the literals' texts take in the index's memory. */
  get textSize(): number {
    let size = 0;
    for (const text of this.filed.keys()) size += packedSize(text);
    return size;
  }

  add(text: string, filed: Filed) {
    const group = this.filed.get(text);
    if (group) group.push(filed);
    else this.filed.set(text, [filed]);
    if (text.length >= this.lengths.length) this.lengths = Uint8Array.from({ length: text.length + 1 }, (_, n) => this.lengths[n] ?? 0);
    this.lengths[text.length] = 1;
  }

  /** Builds the table once every literal is added, placing each literal with `place`. */
  seal(place: Place) {
    const size = 2 ** Math.ceil(Math.log2(Math.max(2, this.filed.size * 2)));
    this.slots = new Int32Array(size * SLOT);
    this.mask = size - 1;
    this.filterMask = Math.max(32, size * 8) - 1;
    this.filter = new Int32Array((this.filterMask + 1) / 32);
    for (const [text, group] of this.filed) {
      const key = keyOf(hashOf(text, this.fromEnd), text.length);
      const bit = key & this.filterMask;
      this.filter[bit >>> 5]! |= 1 << (bit & 31);
      let slot = slotFor(key, this.mask);
      while (this.slots[slot * SLOT + 3] !== 0) slot = (slot + 1) & this.mask;
      this.slots.set([key, ...place(group, text)], slot * SLOT);
    }
  }

  /**
   * Appends to `found` from `count` on where the records filed under the `length` characters of
   * `action` from `from` on, whose hash is `hash`, are in `memory`; returns the new count.
   */
  append(memory: Int32Array, action: string, from: number, length: number, hash: number, found: Int32Array, count: number): number {
    const key = keyOf(hash, length);
    const bit = key & this.filterMask;
    if ((this.filter[bit >>> 5]! & (1 << (bit & 31))) === 0) return count;
    const { slots, mask } = this;
    for (let slot = slotFor(key, mask); ; slot = (slot + 1) & mask) {
      const at = slot * SLOT;
      const end = slots[at + 3]!;
      if (end === 0) return count;
      if (slots[at] !== key) continue;
      if (!textIs(memory, slots[at + 1]!, action, from, length)) continue;
      for (let record = slots[at + 2]!; record < end; record += RECORD) found[count++] = record;
      return count;
    }
  }
}

/**
 * Finds the rules that may match an action and answers a decision's questions about them. A
 * lookup leaves the candidates in `found` as positions of their records; the other methods take
 * such a position.
 */
export class ActionIndex {
  /**
   * The index's memory: every rule's record (a rule with several action globs has one per glob),
   * grouped by where it is filed, each literal's group right after the literal's text.
   */
  private readonly memory: Int32Array;
  /** The compiled rules, by the number a record holds. */
  private readonly rules: readonly CompiledRule[];
  /** What records refer to by number: distinct conditions, environment sets and glob lists. */
  private readonly conditions: Condition[] = [];
  private readonly environments: ReadonlySet<string>[] = [];
  private readonly globs: FieldGlobs[] = [];
  /** Per glob list (by number): what a test costs per character of the value (patternWeight). */
  private patternWeights = new Int32Array(0);
  /** Per rule: the lookup that last found it (a rule filed under several of an action's literals is kept once). */
  private readonly seenIn: Uint32Array;
  private lookups = 0;
  /** Per condition (by number): the decision whose outcome `outcomes` holds. */
  private outcomeOf = new Float64Array(0);
  private outcomes: unknown[] = [];
  /** Scratch space for sorting many candidates (allocated on first need, reused by every lookup). */
  private sortKeys: Float64Array | undefined;
  /** Where the always-scanned records (`*`) start and end. */
  private readonly always: readonly [number, number];
  private readonly exact = new LiteralIndex(false);
  private readonly prefixes = new LiteralIndex(false);
  private readonly suffixes = new LiteralIndex(true);
  /** Where a lookup leaves the positions of its candidates' records (one decision at a time). */
  readonly found: Int32Array;

  /** Indexes `rules` (of one scope or several) by their action globs. */
  constructor(rules: readonly CompiledRule[]) {
    this.rules = rules;
    const always: Filed[] = [];
    let recordCount = 0;
    rules.forEach((rule, number) => {
      for (const glob of rule.rule.actions) {
        recordCount++;
        const filing = filingOf(glob);
        if (filing.under === 'always') always.push({ rule, number, filing });
        else
          ({ exact: this.exact, prefix: this.prefixes, suffix: this.suffixes })[filing.under].add(filing.literal, { rule, number, filing });
      }
    });
    const literals = [this.exact, this.prefixes, this.suffixes];
    this.memory = new Int32Array(recordCount * RECORD + literals.reduce((size, index) => size + index.textSize, 0));
    const place = this.placer();
    const [, first, end] = place(always);
    this.always = [first, end];
    for (const index of literals) index.seal(place);
    this.found = new Int32Array(recordCount);
    this.seenIn = new Uint32Array(rules.length);
    this.patternWeights = Int32Array.from(this.globs, patternWeight);
    this.outcomeOf = new Float64Array(this.conditions.length).fill(-1);
    this.outcomes = new Array<unknown>(this.conditions.length);
  }

  /** Writes texts and groups of records into the index's memory, numbering each thing records refer to once. */
  private placer(): Place {
    const memory = this.memory;
    let placed = 0;
    const numbers = new Map<unknown, number>();
    const numberIn = <T>(table: T[], value: T | undefined): number => {
      if (value === undefined) return NONE;
      let number = numbers.get(value);
      if (number === undefined) numbers.set(value, (number = table.push(value) - 1));
      return number;
    };
    return (group, text) => {
      const textAt = placed;
      if (text !== undefined) {
        packText(text, memory, placed);
        placed += packedSize(text);
      }
      const first = placed;
      for (const { rule, number, filing } of group.length > 1 ? [...group].sort((a, b) => a.rule.order - b.rule.order) : group) {
        // A rule with several action globs has a record under each, and a lookup keeps one of those
        // it finds, so that record tests them all.
        const settled = filing.settled && rule.rule.actions.length === 1;
        const flags = (rule.locked ? LOCKED : 0) | (settled ? filing.length << 1 : 0);
        const actions = settled ? NONE : numberIn(this.globs, rule.actions);
        // In the order of Field.
        memory.set(
          [
            rule.order,
            flags,
            number,
            numberIn(this.conditions, rule.condition),
            numberIn(this.environments, rule.environments),
            actions,
            numberIn(this.globs, rule.tools),
            numberIn(this.globs, rule.resources),
          ],
          placed,
        );
        placed += RECORD;
      }
      return [textAt, first, placed];
    };
  }

  /**
   * Leaves in `found` the records of the rules that may match `action` — each rule once, in the
   * order a decision looks at them (`CompiledRule.order`: scopes from org down, most restrictive
   * effect first, then document order) — and returns how many.
   */
  lookUp(action: string): number {
    const found = this.found;
    let count = 0;
    for (let record = this.always[0]; record < this.always[1]; record += RECORD) found[count++] = record;
    const length = action.length;
    const prefixLengths = this.prefixes.lengths;
    let hash = FNV_START;
    for (let i = 1; i <= length; i++) {
      hash = fnvStep(hash, action.charCodeAt(i - 1));
      if (prefixLengths[i] === 1) count = this.prefixes.append(this.memory, action, 0, i, hash, found, count);
    }
    count = this.exact.append(this.memory, action, 0, length, hash, found, count);
    const suffixLengths = this.suffixes.lengths;
    hash = FNV_START;
    for (let i = 1; i <= length && i < suffixLengths.length; i++) {
      hash = fnvStep(hash, action.charCodeAt(length - i));
      if (suffixLengths[i] === 1) count = this.suffixes.append(this.memory, action, length - i, i, hash, found, count);
    }
    return this.inEvaluationOrder(this.onePerRule(count));
  }

  /** The rules that may match `action`, in the order a decision looks at them. */
  candidates(action: string): CompiledRule[] {
    return Array.from(this.found.subarray(0, this.lookUp(action)), (at) => this.rule(at));
  }

  /** Where the rule of the record at `at` comes among candidates (`CompiledRule.order`). */
  order(at: number): number {
    return this.memory[at + Field.Order]!;
  }

  isLocked(at: number): boolean {
    return (this.memory[at + Field.Flags]! & LOCKED) !== 0;
  }

  /** The rule's condition, or undefined when it has none. */
  condition(at: number): Condition | undefined {
    const number = this.memory[at + Field.Condition]!;
    return number === NONE ? undefined : this.conditions[number];
  }

  /**
   * What the condition of the record at `at` gave in decision number `decision`, if that decision
   * evaluated it already (`remember`): a condition several rules share runs once per decision.
   * Decisions run one at a time, so one slot per condition serves.
   */
  rememberedOutcome(at: number, decision: number): unknown {
    const number = this.memory[at + Field.Condition]!;
    return this.outcomeOf[number] === decision ? this.outcomes[number] : undefined;
  }

  /** Remembers what the condition of the record at `at` gave in decision number `decision`. */
  remember(at: number, decision: number, outcome: unknown): void {
    const number = this.memory[at + Field.Condition]!;
    this.outcomeOf[number] = decision;
    this.outcomes[number] = outcome;
  }

  /**
   * Does the rule's target (environment, action, tool, resource) match? Conditions are tested
   * apart. Simple glob tests are free; globs of no simple shape spend from `budget`, and a rule
   * whose globs it cannot pay for answers `Target.Unaffordable`.
   */
  targetMatches(at: number, environment: string, action: string, tool: string, resource: string, budget: EvaluationBudget): Target {
    const { memory, globs, patternWeights } = this;
    const environments = memory[at + Field.Environments]!;
    if (environments !== NONE && !this.environments[environments]!.has(environment)) return Target.NoMatch;
    const actions = memory[at + Field.Actions]!;
    if (actions === NONE) {
      // Filing settled the action glob, given the action's length for a glob with `?`s.
      const length = memory[at + Field.Flags]! >>> 1;
      if (length !== 0 && action.length !== length) return Target.NoMatch;
    } else {
      if (patternWeights[actions] !== 0 && !pay(patternWeights[actions]!, action, budget)) return Target.Unaffordable;
      if (!anyMatches(globs[actions]!, action)) return Target.NoMatch;
    }
    const tools = memory[at + Field.Tools]!;
    if (patternWeights[tools] !== 0 && !pay(patternWeights[tools]!, tool, budget)) return Target.Unaffordable;
    if (!anyMatches(globs[tools]!, tool)) return Target.NoMatch;
    const resources = memory[at + Field.Resources]!;
    if (patternWeights[resources] !== 0 && !pay(patternWeights[resources]!, resource, budget)) return Target.Unaffordable;
    return anyMatches(globs[resources]!, resource) ? Target.Match : Target.NoMatch;
  }

  /** The compiled rule of the record at `at`. */
  rule(at: number): CompiledRule {
    return this.rules[this.memory[at + Field.Rule]!]!;
  }

  /**
   * Keeps the first record of each rule among the first `count` positions in `found` (a rule filed
   * under several of the action's literals is found several times); returns the new count. Only
   * needed beyond a few candidates: below that, sorting drops repeats as cheaply.
   */
  private onePerRule(count: number): number {
    if (count <= INSERTION_SORT_LIMIT) return count;
    const { found, memory, seenIn } = this;
    const lookup = ++this.lookups;
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const at = found[i]!;
      const rule = memory[at + Field.Rule]!;
      if (seenIn[rule] === lookup) continue;
      seenIn[rule] = lookup;
      found[kept++] = at;
    }
    return kept;
  }

  /**
   * Sorts the first `count` positions in `found` by their rules' order and drops repeats; returns
   * the new count. Few candidates (the usual case) are sorted by insertion; many, by a numeric sort
   * of order and position packed in one number (orders are below 2^25, positions below 2^27).
   */
  private inEvaluationOrder(count: number): number {
    const { found, memory } = this;
    if (count > INSERTION_SORT_LIMIT) {
      const keys = (this.sortKeys ??= new Float64Array(found.length)).subarray(0, count);
      for (let i = 0; i < count; i++) keys[i] = memory[found[i]! + Field.Order]! * 2 ** 27 + found[i]!;
      keys.sort();
      for (let i = 0; i < count; i++) found[i] = keys[i]! % 2 ** 27;
      return count;
    }
    for (let i = 1; i < count; i++) {
      const at = found[i]!;
      const order = memory[at + Field.Order]!;
      let j = i - 1;
      while (j >= 0 && memory[found[j]! + Field.Order]! > order) {
        found[j + 1] = found[j]!;
        j--;
      }
      found[j + 1] = at;
    }
    let unique = 0;
    for (let i = 0; i < count; i++)
      if (unique === 0 || this.order(found[unique - 1]!) !== this.order(found[i]!)) found[unique++] = found[i]!;
    return unique;
  }
}

/** Pays from `budget` for testing a glob list of pattern weight `weight` against `value`; false when it cannot. */
function pay(weight: number, value: string, budget: EvaluationBudget): boolean {
  const cost = weight * (1 + value.length) * COST.patternPerCharacter;
  if (budget.remaining < cost) return false;
  budget.remaining -= cost;
  return true;
}

/** Does any of `globs` match `value`? */
function anyMatches(globs: FieldGlobs, value: string): boolean {
  for (let i = 0; i < globs.length; i++) if (globMatches(globs[i]!, value)) return true;
  return false;
}
