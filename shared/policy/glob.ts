/**
 * Globs (POLICY.md "Globs"). Every glob matches the whole string. In actions and tools `*` matches
 * any run of characters (dots included) and `?` one character. In resources `*` and `?` stay within
 * one `/`-separated segment, and `**` standing as a whole segment matches zero or more whole
 * segments together with the slash that joins them. Globs compile once to regular expressions.
 */

/** Which glob dialect: names (actions, tools) or paths (resources). */
export type GlobKind = 'name' | 'path';

const escape = (text: string) => text.replace(/[.+^${}()|[\]\\]/g, '\\$&');

const nameBody = (glob: string) => [...glob].map((char) => (char === '*' ? '.*' : char === '?' ? '.' : escape(char))).join('');
const segmentBody = (segment: string) => [...segment].map((char) => (char === '*' ? '[^/]*' : char === '?' ? '[^/]' : escape(char))).join('');

/** Why a glob is refused, or undefined when it is fine. */
export function globProblem(glob: string, kind: GlobKind): string | undefined {
  if (glob.length === 0) return 'a glob may not be empty';
  if (glob.length > 512) return 'a glob may have at most 512 characters';
  if (/[\s\p{Cc}]/u.test(glob)) return 'a glob may not contain spaces or control characters';
  if (kind === 'name') return undefined;
  const segments = glob.split('/');
  if (segments.some((segment) => segment.length === 0)) return 'a resource glob may not have empty segments (leading, trailing or double "/")';
  if (segments.some((segment) => segment.includes('**') && segment !== '**')) return '"**" must stand as a whole segment (e.g. "customers/**")';
  return undefined;
}

/** The regular expression source of a path glob. */
function pathSource(glob: string): string {
  const segments = glob.split('/').filter((segment, index, all) => !(segment === '**' && all[index - 1] === '**'));
  if (segments.length === 1 && segments[0] === '**') return '.*';
  let source = '';
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    if (segment === '**') {
      source += index === 0 ? '(?:.*/)?' : last ? '(?:/.*)?' : '/(?:.*/)?';
      return;
    }
    if (index > 0 && segments[index - 1] !== '**') source += '/';
    source += segmentBody(segment);
  });
  return source;
}

/** Compiles a glob to a whole-string matcher. Throws on a refused glob (validate first). */
export function compileGlob(glob: string, kind: GlobKind): RegExp {
  const problem = globProblem(glob, kind);
  if (problem) throw new Error(`${problem}: ${glob}`);
  return new RegExp(`^(?:${kind === 'name' ? nameBody(glob) : pathSource(glob)})$`, 's');
}
