/**
 * Compiled glob tests: the common shapes become string tests, the rest linear-time matchers (no
 * regular expressions), and every shape must answer exactly as the glob's meaning written as a
 * regular expression (the test oracle) does — quickly, whatever the glob and value hold.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGlobTest, type GlobKind, globMatches, globProblem, GlobShape } from '../../../shared/policy/glob';
import { globAsRegExp as compileGlob } from '../../support/policy/glob-oracle';

const NAME_PARTS = ['a', 'b', '.', ':', '*', '?', 'crm', 'op1', '/', 'aa'];
const PATH_PARTS = ['a', 'b', '/', '*', '?', '**', 'notes', 'x1', '**/', 'a/'];
const globOf = (parts: string[], kind: GlobKind) =>
  fc
    .array(fc.constantFrom(...parts), { minLength: 1, maxLength: 8 })
    .map((pieces) => pieces.join(''))
    .filter((glob) => globProblem(glob, kind) === undefined);
const valueOf = (parts: string[]) =>
  fc
    .array(fc.constantFrom(...parts.filter((part) => !part.includes('*') && !part.includes('?')), 'z'), { maxLength: 8 })
    .map((pieces) => pieces.join(''));

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

  it.each([['name', NAME_PARTS] as const, ['path', PATH_PARTS] as const])(
    'answers exactly as the regular expression for any %s glob and value',
    (kind, parts) => {
      fc.assert(
        fc.property(globOf(parts, kind), valueOf(parts), (glob, value) => {
          expect(globMatches(compileGlobTest(glob, kind), value)).toBe(compileGlob(glob, kind).test(value));
        }),
        { numRuns: 5000 },
      );
    },
  );

  // Each of these takes seconds or hours with a backtracking matcher (the review measured ~3.9 s
  // for the first), and would overrun the test's timeout; here every one is a single pass.
  it.each([
    ['a*a*a*a*a*a*a*a*a*a*a*a*b', 'name', 'a'.repeat(32), false],
    ['*a*a*a*a*a*a*a*a*a*a*a*a*c', 'name', 'a'.repeat(255), false],
    ['*a*a*a*a*a*a*a*a*a*a*a*a*', 'name', 'a'.repeat(255), true],
    ['*?a?a?a?a?a?a?a?a?a?a?a?*b', 'name', 'a'.repeat(255), false],
    ['**/a/**/a/**/a/**/a/**/a/**/b', 'path', Array.from({ length: 200 }, () => 'a').join('/'), false],
    ['*a*a*a*a*a*/*a*a*a*a*b/**', 'path', `${'a'.repeat(500)}/${'a'.repeat(500)}`, false],
  ] as const)('matches the worst globs in one pass: %s (%s)', (glob, kind, value, expected) => {
    const test = compileGlobTest(glob, kind);
    for (let i = 0; i < 1000; i++) expect(globMatches(test, value)).toBe(expected);
  });
});
