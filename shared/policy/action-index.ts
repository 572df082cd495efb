/**
 * The action index: finds the rules that may match a request's action without scanning every
 * rule. Each action glob is filed under its literal text (no wildcard), else its literal prefix
 * (before the first wildcard), else its literal suffix (after the last), else in a list every
 * request scans (`*`). Literals are found by hash, so a lookup hashes the action once from each
 * end and probes only the lengths some literal has, without building substrings; a literal found
 * is compared with the action once, for all the rules filed under it. One index may cover one
 * scope's rules or several scopes' rules compiled together.
 */
import type { CompiledRule } from './compile';

/** Finds the rules that may match an action. */
export interface ActionIndex {
  /**
   * Writes the rules that may match `action` into `into` from `count` on — each once, in the
   * order a decision looks at them (`CompiledRule.order`: scopes from org down, most restrictive
   * effect first, then document order) — and returns the new count. Entries past it are stale,
   * so one array serves every lookup of a decision.
   */
  collectCandidates(action: string, into: CompiledRule[], count: number): number;
}

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
  /** Whether literals are hashed from their last character (suffixes) or their first. */
  constructor(private readonly fromEnd: boolean) {}

  private readonly byKey = new Map<number, Literal>();
  /** `lengths[n]` is 1 when some literal has n characters. */
  lengths = new Uint8Array(0);
  /** A bit filter over the keys (about 16 bits per literal): most absent keys stop here. */
  private filter = new Int32Array(1);
  private filterMask = 31;
  /** Pairs of (key, 1 + index into `literals`); 0 marks an empty slot. */
  private slots = new Int32Array(2);
  private mask = 0;
  private literals: Literal[] = [];

  add(text: string, rule: CompiledRule) {
    const key = keyOf(hashOf(text, this.fromEnd), text.length);
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

/** Indexes `rules` (of one scope or several) by their action globs. */
export function indexActions(rules: readonly CompiledRule[]): ActionIndex {
  const exact = new LiteralIndex(false);
  const prefixes = new LiteralIndex(false);
  const suffixes = new LiteralIndex(true);
  const always: CompiledRule[] = [];
  for (const rule of rules) {
    for (const glob of rule.rule.actions) {
      const first = glob.search(/[*?]/);
      if (first < 0) exact.add(glob, rule);
      else if (first > 0) prefixes.add(glob.slice(0, first), rule);
      else {
        const suffix = glob.slice(Math.max(glob.lastIndexOf('*'), glob.lastIndexOf('?')) + 1);
        if (suffix.length > 0) suffixes.add(suffix, rule);
        else always.push(rule);
      }
    }
  }
  for (const literals of [exact, prefixes, suffixes]) literals.seal();
  const prefixLengths = prefixes.lengths;
  const suffixLengths = suffixes.lengths;
  // The always-scanned rules go in first: they and every filed list are already in order.
  always.sort((a, b) => a.order - b.order);
  const collectCandidates = (action: string, into: CompiledRule[], start: number) => {
    let count = append(into, start, always);
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
    return inEvaluationOrder(into, start, count);
  };
  return { collectCandidates };
}

/** Writes `filed` into `into` from `count` on; returns the new count. */
function append(into: CompiledRule[], count: number, filed: readonly CompiledRule[]): number {
  for (let i = 0; i < filed.length; i++) into[count + i] = filed[i]!;
  return count + filed.length;
}

/**
 * Sorts the rules of `found` from `start` to `count` by `order` and drops repeats (insertion sort:
 * candidates are few); returns the new count.
 */
function inEvaluationOrder(found: CompiledRule[], start: number, count: number): number {
  for (let i = start + 1; i < count; i++) {
    const rule = found[i]!;
    let j = i - 1;
    while (j >= start && found[j]!.order > rule.order) {
      found[j + 1] = found[j]!;
      j--;
    }
    found[j + 1] = rule;
  }
  let unique = start;
  for (let i = start; i < count; i++) if (unique === start || found[unique - 1] !== found[i]) found[unique++] = found[i]!;
  return unique;
}

