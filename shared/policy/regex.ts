/**
 * Regular expressions of CEL's `matches()`: RE2 syntax and semantics (as CEL's specification says)
 * through re2js, a pure-JavaScript RE2 whose matching takes time linear in the text, so no pattern
 * can make a decision slow the way a backtracking engine can (`^(a+)+$` against a run of `a`s and
 * a `!`). Patterns must be string literals: they are checked and compiled once, when the document
 * is saved and compiled, never taken from the request an agent writes.
 */
import { LRUCache } from 'lru-cache';
import { upTo } from '../kernel/cache-bound';
import { RE2JS } from 're2js';

/** The longest pattern accepted. */
export const MAX_REGEX_LENGTH = 256;
/** RE2's own measure of a compiled pattern's size (instructions); repetition counts multiply it. */
export const MAX_REGEX_PROGRAM_SIZE = 2000;

/** A compiled pattern: `test` searches the text (CEL's `matches` is true when any part matches). */
export interface Regex {
  readonly pattern: string;
  test(text: string): boolean;
}

/** Compiled patterns (or why they were refused): the same pattern in many rules compiles once. */
const compiled = new LRUCache<string, Regex | { readonly problem: string }>(upTo(2000));

function compiledOrProblem(pattern: string): Regex | { readonly problem: string } {
  let entry = compiled.get(pattern);
  if (entry !== undefined) return entry;
  if (pattern.length > MAX_REGEX_LENGTH) entry = { problem: `a regular expression may have at most ${MAX_REGEX_LENGTH} characters` };
  else {
    try {
      const re = RE2JS.compile(pattern);
      const size = re.programSize();
      entry =
        size > MAX_REGEX_PROGRAM_SIZE
          ? {
              problem: `the regular expression is too large once compiled (${size} > ${MAX_REGEX_PROGRAM_SIZE} instructions); use fewer or smaller repetitions`,
            }
          : { pattern, test: (text: string) => re.test(text) };
    } catch (error) {
      entry = { problem: `the regular expression is not valid RE2 syntax: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  compiled.set(pattern, entry);
  return entry;
}

/** Why a pattern is refused, or undefined when it is fine. */
export function regexProblem(pattern: string): string | undefined {
  const entry = compiledOrProblem(pattern);
  return 'problem' in entry ? entry.problem : undefined;
}

/** Compiles a (valid) pattern; throws for one `regexProblem` refuses. */
export function compileRegex(pattern: string): Regex {
  const entry = compiledOrProblem(pattern);
  if ('problem' in entry) throw new Error(entry.problem);
  return entry;
}
