/**
 * Compiled glob tests: the common shapes become string tests instead of regular expressions, and
 * every shape must answer exactly as the glob's regular expression (POLICY.md "Globs") does.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGlob, compileGlobTest, type GlobKind, globMatches, globProblem, GlobShape } from '../../../shared/policy/glob';

const NAME_PARTS = ['a', 'b', '.', ':', '*', '?', 'crm', 'op1'];
const PATH_PARTS = ['a', 'b', '/', '*', '?', '**', 'notes', 'x1'];
const globOf = (parts: string[], kind: GlobKind) => fc.array(fc.constantFrom(...parts), { minLength: 1, maxLength: 6 }).map((pieces) => pieces.join('')).filter((glob) => globProblem(glob, kind) === undefined);
const valueOf = (parts: string[]) => fc.array(fc.constantFrom(...parts.filter((part) => !part.includes('*') && !part.includes('?')), 'z'), { maxLength: 6 }).map((pieces) => pieces.join(''));

describe('Function: compileGlobTest', () => {
  it.each([
    ['*', 'name', GlobShape.Anything],
    ['data:export', 'name', GlobShape.Exact],
    ['crm.*', 'name', GlobShape.Prefix],
    ['*:read', 'name', GlobShape.Suffix],
    ['tool:*/x', 'name', GlobShape.PrefixSuffix],
    ['svc1:op?', 'name', GlobShape.PrefixOneChar],
    ['a*b*c', 'name', GlobShape.Pattern],
    ['**', 'path', GlobShape.Anything],
    ['customers/1', 'path', GlobShape.Exact],
    ['customers/**', 'path', GlobShape.Subtree],
    ['**/notes', 'path', GlobShape.UnderAnything],
    ['tickets/*', 'path', GlobShape.LastSegment],
    ['customers/*/notes', 'path', GlobShape.Pattern],
  ] as const)('compiles %s (%s) to the string test it needs', (glob, kind, shape) => {
    expect(compileGlobTest(glob, kind).shape).toBe(shape);
  });

  it('refuses a glob that validation refuses', () => {
    expect(() => compileGlobTest('a/**b', 'path')).toThrow(/whole segment/);
  });

  it.each([['name', NAME_PARTS] as const, ['path', PATH_PARTS] as const])('answers exactly as the regular expression for any %s glob and value', (kind, parts) => {
    fc.assert(
      fc.property(globOf(parts, kind), valueOf(parts), (glob, value) => {
        expect(globMatches(compileGlobTest(glob, kind), value)).toBe(compileGlob(glob, kind).test(value));
      }),
      { numRuns: 3000 },
    );
  });
});
