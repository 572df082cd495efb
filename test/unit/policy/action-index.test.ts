import { describe, expect, it } from 'vitest';
import { Target } from '../../../shared/policy/action-index';
import { compileScope } from '../../../shared/policy/compile';
import { decisionBudget } from '../../../shared/policy/evaluation-budget';
import { validatePolicyDocument } from '../../../shared/policy/validate';

/** The ids of the rules whose action (and, here, any tool and resource) matches `action`. */
function matching(rules: { id: string; actions: string[] }[], action: string): string[] {
  const { index } = compileScope(
    'tenant',
    1,
    validatePolicyDocument('tenant', { rules: rules.map((rule) => ({ ...rule, effect: 'allow' })) }),
  );
  const count = index.lookUp(action);
  return Array.from(index.found.subarray(0, count))
    .filter((at) => index.targetMatches(at, 'prod', action, '', '', decisionBudget()) === Target.Match)
    .map((at) => index.rule(at).id);
}

describe('Class: ActionIndex', () => {
  it('settles a literal followed by "?"s by the action\'s length', () => {
    const rules = [{ id: 'one-more', actions: ['svc:op?'] }];
    expect(matching(rules, 'svc:op1')).toEqual(['one-more']);
    expect(matching(rules, 'svc:op')).toEqual([]);
    expect(matching(rules, 'svc:op12')).toEqual([]);
  });

  it('settles "?"s followed by a literal, and "?"s alone, by the action\'s length', () => {
    const rules = [
      { id: 'two-before', actions: ['??:read'] },
      { id: 'three', actions: ['???'] },
    ];
    expect(matching(rules, 'db:read')).toEqual(['two-before']);
    expect(matching(rules, 'abc')).toEqual(['three']);
    expect(matching(rules, 'dbs:read')).toEqual([]);
    expect(matching(rules, 'ab')).toEqual([]);
  });

  it('tests the globs it cannot settle by filing', () => {
    const rules = [
      { id: 'infix', actions: ['data:*:read'] },
      { id: 'star-then-one', actions: ['data:*?'] },
    ];
    expect(matching(rules, 'data:x:read')).toEqual(['infix', 'star-then-one']);
    expect(matching(rules, 'data:x:write')).toEqual(['star-then-one']);
    expect(matching(rules, 'data:')).toEqual([]);
  });

  it('matches a rule with several action globs on any of them, whichever it was found under', () => {
    const rules = [{ id: 'two', actions: ['pay', '??'] }];
    expect(matching(rules, 'pay')).toEqual(['two']);
    expect(matching(rules, 'ok')).toEqual(['two']);
    expect(matching(rules, 'pays')).toEqual([]);
  });

  it('finds each rule once however many of its globs the action matches', () => {
    const { index } = compileScope(
      'tenant',
      1,
      validatePolicyDocument('tenant', { rules: [{ id: 'many', effect: 'deny', actions: ['data:read', 'data:*', '*:read', '*'] }] }),
    );
    expect(index.candidates('data:read').map((rule) => rule.id)).toEqual(['many']);
  });
});
