/**
 * The glob semantics of the policy language written the plain way, as regular expressions: an
 * oracle for tests of the engine's own matchers (which use none). Fine for the short globs and
 * values tests use; never for production, where backtracking could make a decision slow.
 */
import { globProblem, type GlobKind } from '../../../shared/policy/glob';

const escape = (text: string) => text.replace(/[.+^${}()|[\]\\]/g, '\\$&');
const nameBody = (glob: string) => [...glob].map((char) => (char === '*' ? '.*' : char === '?' ? '.' : escape(char))).join('');
const segmentBody = (segment: string) =>
  [...segment].map((char) => (char === '*' ? '[^/]*' : char === '?' ? '[^/]' : escape(char))).join('');

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

/** A whole-string regular expression with the glob's meaning. Throws on a refused glob. */
export function globAsRegExp(glob: string, kind: GlobKind): RegExp {
  const problem = globProblem(glob, kind);
  if (problem) throw new Error(`${problem}: ${glob}`);
  return new RegExp(`^(?:${kind === 'name' ? nameBody(glob) : pathSource(glob)})$`, 's');
}
