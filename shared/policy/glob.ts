/**
 * Globs (POLICY.md "Globs"). Every glob matches the whole string. In actions and tools `*` matches
 * any run of characters (dots included) and `?` one character. In resources `*` and `?` stay within
 * one `/`-separated segment, and `**` standing as a whole segment matches zero or more whole
 * segments together with the slash that joins them. Globs compile once to a string test; none is
 * a regular expression, and every test takes time at most linear in the value times the glob
 * (glob-pattern.ts), so no glob can make a decision slow.
 */
import { pathRunsMatch, pathRunsOf, type PathRuns, type Pieces, piecesMatch, piecesOf } from './glob-pattern';

/** Which glob dialect: names (actions, tools) or paths (resources). */
export type GlobKind = 'name' | 'path';

/** The longest glob accepted. */
export const MAX_GLOB_LENGTH = 256;

/** Why a glob is refused, or undefined when it is fine. */
export function globProblem(glob: string, kind: GlobKind): string | undefined {
  if (glob.length === 0) return 'a glob may not be empty';
  if (glob.length > MAX_GLOB_LENGTH) return `a glob may have at most ${MAX_GLOB_LENGTH} characters`;
  if (/[\s\p{Cc}]/u.test(glob)) return 'a glob may not contain spaces or control characters';
  if (kind === 'name') return undefined;
  const segments = glob.split('/');
  if (segments.some((segment) => segment.length === 0))
    return 'a resource glob may not have empty segments (leading, trailing or double "/")';
  if (segments.some((segment) => segment.includes('**') && segment !== '**'))
    return '"**" must stand as a whole segment (e.g. "customers/**")';
  return undefined;
}

/** A path glob's segments, with runs of `**` as one (they match the same). */
const pathSegments = (glob: string) => glob.split('/').filter((segment, index, all) => !(segment === '**' && all[index - 1] === '**'));

/**
 * How a compiled glob tests a value. Most globs in real policies are a literal, a literal with one
 * `*` at an end, or a path subtree; those become plain string tests (no regular expression), and
 * only the rest fall back to one.
 */
export const GlobShape = {
  /** `*` (names) or `**` (paths). */
  Anything: 0,
  /** No wildcard: `text`. */
  Exact: 1,
  /** Names: `text*`. */
  Prefix: 2,
  /** Names: `*tail`. */
  Suffix: 3,
  /** Names: `text*tail`. */
  PrefixSuffix: 4,
  /** Names: `text?`. */
  PrefixOneChar: 5,
  /** Paths: `text/**` — `text` itself or anything below it (`tail` is `text/`). */
  Subtree: 6,
  /** Paths: `**` + `/text` — `text` itself or anything ending in `tail` (`/text`). */
  UnderAnything: 7,
  /** Paths: `text*` where `text` is empty or ends in `/` — one more segment. */
  LastSegment: 8,
  /** Anything else: `pieces` (names) or `runs` (paths), see glob-pattern.ts. */
  Pattern: 9,
} as const;
export type GlobShape = (typeof GlobShape)[keyof typeof GlobShape];

/** A compiled glob. Every field is always present, so the tests below see one object shape. */
export interface Glob {
  readonly shape: GlobShape;
  readonly text: string;
  readonly tail: string;
  readonly pieces: Pieces | undefined;
  readonly runs: PathRuns | undefined;
}

const glob = (shape: GlobShape, text = '', tail = '', pattern: { pieces?: Pieces; runs?: PathRuns } = {}): Glob => ({
  shape,
  text,
  tail,
  pieces: pattern.pieces,
  runs: pattern.runs,
});
const hasWildcard = (text: string) => text.includes('*') || text.includes('?');

function nameGlob(source: string): Glob {
  if (!hasWildcard(source)) return glob(GlobShape.Exact, source);
  if (/^\*+$/.test(source)) return glob(GlobShape.Anything);
  const star = source.indexOf('*');
  if (!source.includes('?') && star === source.lastIndexOf('*')) {
    const text = source.slice(0, star);
    const tail = source.slice(star + 1);
    return glob(tail === '' ? GlobShape.Prefix : text === '' ? GlobShape.Suffix : GlobShape.PrefixSuffix, text, tail);
  }
  if (star < 0 && source.indexOf('?') === source.length - 1) return glob(GlobShape.PrefixOneChar, source.slice(0, -1));
  return glob(GlobShape.Pattern, '', '', { pieces: piecesOf(source, false) });
}

function pathGlob(source: string): Glob {
  const segments = pathSegments(source);
  const literal = (parts: string[]) => parts.every((part) => !hasWildcard(part));
  const first = segments[0];
  const last = segments[segments.length - 1];
  if (segments.length === 1 && first === '**') return glob(GlobShape.Anything);
  if (literal(segments)) return glob(GlobShape.Exact, source);
  if (last === '**' && literal(segments.slice(0, -1))) {
    const text = segments.slice(0, -1).join('/');
    return glob(GlobShape.Subtree, text, `${text}/`);
  }
  if (first === '**' && literal(segments.slice(1))) {
    const text = segments.slice(1).join('/');
    return glob(GlobShape.UnderAnything, text, `/${text}`);
  }
  if (last === '*' && literal(segments.slice(0, -1))) {
    const parent = segments.slice(0, -1);
    return glob(GlobShape.LastSegment, parent.length === 0 ? '' : `${parent.join('/')}/`);
  }
  return glob(GlobShape.Pattern, '', '', { runs: pathRunsOf(pathSegments(source).join('/')) });
}

/** Compiles a (valid) glob to its fastest test; `globMatches` applies it. Throws on a refused glob. */
export function compileGlobTest(source: string, kind: GlobKind): Glob {
  const problem = globProblem(source, kind);
  if (problem) throw new Error(`${problem}: ${source}`);
  return kind === 'name' ? nameGlob(source) : pathGlob(source);
}

/** Does `value` match the compiled glob? */
export function globMatches(compiled: Glob, value: string): boolean {
  switch (compiled.shape) {
    case GlobShape.Anything:
      return true;
    case GlobShape.Exact:
      return value === compiled.text;
    case GlobShape.Prefix:
      return value.startsWith(compiled.text);
    case GlobShape.Suffix:
      return value.endsWith(compiled.tail);
    case GlobShape.PrefixSuffix:
      return (
        value.length >= compiled.text.length + compiled.tail.length && value.startsWith(compiled.text) && value.endsWith(compiled.tail)
      );
    case GlobShape.PrefixOneChar:
      return value.length === compiled.text.length + 1 && value.startsWith(compiled.text);
    case GlobShape.Subtree:
      return value === compiled.text || value.startsWith(compiled.tail);
    case GlobShape.UnderAnything:
      return value === compiled.text || value.endsWith(compiled.tail);
    case GlobShape.LastSegment:
      return value.startsWith(compiled.text) && value.indexOf('/', compiled.text.length) < 0;
    default:
      return compiled.pieces !== undefined ? piecesMatch(compiled.pieces, value) : pathRunsMatch(compiled.runs!, value);
  }
}
