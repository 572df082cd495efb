/**
 * Matching for globs of no simple shape (glob.ts `GlobShape.Pattern`), without regular
 * expressions and without backtracking: a glob is cut at its `*`s into pieces of fixed length
 * (literal characters and `?`), and a value matches when the first piece matches at its start, the
 * last at its end and every piece between them, in order, somewhere between — the leftmost place
 * of each piece is always a right choice, so no choice is ever undone. A path glob is cut the same
 * way at its `**` segments into runs of segments. Work is at most the value's length times the
 * glob's, whatever the two hold (`a*a*a*a*b` against forty `a`s is one pass).
 */

/** A piece between two `*`s: literal characters, `?` standing for any one character (but `/` in paths). */
interface Piece {
  readonly text: string;
  /** True when the piece has a `?`. */
  readonly wild: boolean;
}

/** A name glob (or one segment of a path glob), cut at its `*`s. */
export interface Pieces {
  readonly first: Piece;
  /** The pieces between the first and the last `*`, in order. */
  readonly middle: readonly Piece[];
  /** The piece after the last `*`; undefined when the glob has no `*` (then `first` is all of it). */
  readonly last: Piece | undefined;
  /** The fewest characters a match needs. */
  readonly minLength: number;
  /** Within a path segment: `?` and `*` never match `/`. */
  readonly inSegment: boolean;
}

const piece = (text: string): Piece => ({ text, wild: text.includes('?') });

/** Cuts a name glob (or a segment glob) at its `*`s. */
export function piecesOf(glob: string, inSegment: boolean): Pieces {
  const parts = glob.split('*');
  const first = piece(parts[0]!);
  if (parts.length === 1) return { first, middle: [], last: undefined, minLength: first.text.length, inSegment };
  const last = piece(parts[parts.length - 1]!);
  const middle = parts
    .slice(1, -1)
    .filter((part) => part.length > 0)
    .map(piece);
  const minLength = first.text.length + last.text.length + middle.reduce((sum, part) => sum + part.text.length, 0);
  return { first, middle, last, minLength, inSegment };
}

/** Does `part` match `value` at `at` exactly (its whole length)? */
function pieceAt(part: Piece, value: string, at: number, inSegment: boolean): boolean {
  const { text } = part;
  if (!part.wild) return value.startsWith(text, at);
  for (let i = 0; i < text.length; i++) {
    const want = text.charCodeAt(i);
    const got = value.charCodeAt(at + i);
    if (want === 63 /* ? */ ? inSegment && got === 47 /* / */ : want !== got) return false;
  }
  return true;
}

/**
 * Where the leftmost match of `part` begins in `value` between `from` and `to` (it must end by
 * `to`), or -1. Literal pieces use the engine's string search; pieces with `?` try each start.
 */
function findPiece(part: Piece, value: string, from: number, to: number, inSegment: boolean): number {
  const length = part.text.length;
  if (!part.wild) {
    const at = value.indexOf(part.text, from);
    return at >= 0 && at + length <= to ? at : -1;
  }
  for (let at = from; at + length <= to; at++) if (pieceAt(part, value, at, inSegment)) return at;
  return -1;
}

/** Is there a `/` in `value` between `from` and `to`? */
const slashBetween = (value: string, from: number, to: number) => {
  const at = value.indexOf('/', from);
  return at >= 0 && at < to;
};

/** Does the part of `value` from `start` to `end` match `pieces` as a whole? */
export function piecesMatch(pieces: Pieces, value: string, start = 0, end = value.length): boolean {
  const { first, last, middle, inSegment } = pieces;
  if (end - start < pieces.minLength) return false;
  if (last === undefined) return end - start === first.text.length && pieceAt(first, value, start, inSegment);
  if (!pieceAt(first, value, start, inSegment)) return false;
  const lastAt = end - last.text.length;
  if (!pieceAt(last, value, lastAt, inSegment)) return false;
  // Each `*` between pieces spans what lies between them; in a segment it may not span a `/`.
  let at = start + first.text.length;
  for (const part of middle) {
    const found = findPiece(part, value, at, lastAt, inSegment);
    if (found < 0 || (inSegment && slashBetween(value, at, found))) return false;
    at = found + part.text.length;
  }
  return !(inSegment && slashBetween(value, at, lastAt));
}

/** A path glob cut at its `**` segments: runs of segment globs. */
export interface PathRuns {
  /**
   * For a glob of literal segments and whole-segment `*`s only (customers, then any one segment,
   * then notes: the common kind): each segment's text, or null for `*` — matched by comparing
   * segments in place.
   */
  readonly literalOrAny: readonly (string | null)[] | undefined;
  /** The segments before the first `**` (all of them when there is none). */
  readonly head: readonly Pieces[];
  /** Runs between two `**`s, in order. */
  readonly middle: readonly (readonly Pieces[])[];
  /** The segments after the last `**`; undefined when the glob has no `**`. */
  readonly tail: readonly Pieces[] | undefined;
}

/** Cuts a (valid) path glob at its `**` segments. */
export function pathRunsOf(glob: string): PathRuns {
  const runs: Pieces[][] = [[]];
  for (const segment of glob.split('/')) {
    // A segment is matched between its slashes, so it holds no `/` to keep `*` and `?` from: its
    // pieces are matched as a name's (inSegment false), which skips looking for one.
    if (segment === '**') runs.push([]);
    else runs[runs.length - 1]!.push(piecesOf(segment, false));
  }
  const segments = glob.split('/');
  const simple = runs.length === 1 && segments.every((segment) => segment === '*' || !/[*?]/.test(segment));
  const literalOrAny = simple ? segments.map((segment) => (segment === '*' ? null : segment)) : undefined;
  if (runs.length === 1) return { literalOrAny, head: runs[0]!, middle: [], tail: undefined };
  return { literalOrAny, head: runs[0]!, middle: runs.slice(1, -1).filter((run) => run.length > 0), tail: runs[runs.length - 1]! };
}

/** Does `value` have exactly these segments, a null one being any text without `/`? */
function literalOrAnyMatch(segments: readonly (string | null)[], value: string): boolean {
  let start = 0;
  const lastIndex = segments.length - 1;
  for (let i = 0; i <= lastIndex; i++) {
    const slash = value.indexOf('/', start);
    if (i === lastIndex ? slash >= 0 : slash < 0) return false;
    const end = i === lastIndex ? value.length : slash;
    const text = segments[i]!;
    if (text !== null && (end - start !== text.length || !value.startsWith(text, start))) return false;
    start = end + 1;
  }
  return true;
}

/**
 * Where each segment of a value begins, and last where the end would begin (length + 1): filled
 * by `segmentStarts` for one test at a time and reused, so a test allocates nothing.
 */
let starts = new Int32Array(64);

/** Fills `starts` for `value`; returns how many segments it has. */
function segmentStarts(value: string): number {
  // A value of n characters has at most n + 1 segments, and `starts` one more entry.
  if (starts.length < value.length + 2) starts = new Int32Array(value.length + 2);
  let count = 0;
  starts[count++] = 0;
  for (let at = value.indexOf('/'); at >= 0; at = value.indexOf('/', at + 1)) starts[count++] = at + 1;
  starts[count] = value.length + 1;
  return count;
}

/** Does `value` match `run` segment by segment, exactly (a path glob without `**`)? */
function segmentsMatch(run: readonly Pieces[], value: string): boolean {
  let start = 0;
  for (let i = 0; i < run.length; i++) {
    const slash = value.indexOf('/', start);
    const last = i === run.length - 1;
    // The last segment runs to the end, and no other may: segment counts must agree.
    if (last ? slash >= 0 : slash < 0) return false;
    const end = last ? value.length : slash;
    if (!piecesMatch(run[i]!, value, start, end)) return false;
    start = end + 1;
  }
  return true;
}

/** Do the segments of `value` from number `first` on match `run` one by one? */
function runAt(run: readonly Pieces[], value: string, starts: Int32Array, first: number): boolean {
  for (let i = 0; i < run.length; i++) {
    const segment = first + i;
    if (!piecesMatch(run[i]!, value, starts[segment]!, starts[segment + 1]! - 1)) return false;
  }
  return true;
}

/** Does `value` match the path glob cut into `runs`? */
export function pathRunsMatch(runs: PathRuns, value: string): boolean {
  const { head, middle, tail, literalOrAny } = runs;
  if (literalOrAny !== undefined) return literalOrAnyMatch(literalOrAny, value);
  if (tail === undefined) return segmentsMatch(head, value);
  const segments = segmentStarts(value);
  // `**` matches zero or more whole segments, so head, middle runs and tail take disjoint segments in order.
  const needed = head.length + tail.length + middle.reduce((sum, run) => sum + run.length, 0);
  if (segments < needed) return false;
  if (!runAt(head, value, starts, 0) || !runAt(tail, value, starts, segments - tail.length)) return false;
  let next = head.length;
  const limit = segments - tail.length;
  for (const run of middle) {
    let found = -1;
    for (let at = next; at + run.length <= limit; at++) {
      if (runAt(run, value, starts, at)) {
        found = at;
        break;
      }
    }
    if (found < 0) return false;
    next = found + run.length;
  }
  return true;
}
