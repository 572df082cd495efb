import { describe, expect, it } from 'vitest';
import { compileScope, createPolicyCompiler, scopeRank } from '../../../shared/policy/compile';
import { validatePolicyDocument } from '../../../shared/policy/validate';

const document = validatePolicyDocument('tenant', {
  rules: [
    { id: 'exact', effect: 'deny', actions: ['data:export'] },
    { id: 'prefix', effect: 'allow', actions: ['data:*'] },
    { id: 'other-prefix', effect: 'allow', actions: ['tool:*'] },
    { id: 'infix', effect: 'allow', actions: ['*:read'] },
    { id: 'two', effect: 'allow', actions: ['pay', 'data:export'] },
    { id: 'anything', effect: 'deny', actions: ['*'], tools: ['none'] },
  ],
});

describe('Function: compileScope', () => {
  it('indexes rules by action: a request looks only at rules that can match, each once', () => {
    const compiled = compileScope('tenant', 1, document);
    const ids = (action: string) => [...compiled.candidatesFor(action)].sort((a, b) => a - b).map((position) => compiled.rules[position]!.id);
    expect(ids('data:export')).toEqual(['exact', 'prefix', 'two', 'anything']);
    expect(ids('data:read')).toEqual(['prefix', 'infix', 'anything']);
    expect(ids('pay')).toEqual(['two', 'anything']);
    expect(ids('tool:invoke')).toEqual(['other-prefix', 'anything']);
    expect(ids('x')).toEqual(['anything']);
  });

  it('ranks scopes from org (least specific) to agent (most specific)', () => {
    expect(['org', 'tenant', 'team:a', 'role:b', 'agent:c'].map(scopeRank)).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('Function: createPolicyCompiler', () => {
  it('compiles a scope version once and shares it between agents', () => {
    const compiler = createPolicyCompiler();
    const first = compiler.compile('team:a', 3, document, 'sha256:abc');
    expect(compiler.compile('team:a', 3, document, 'sha256:abc')).toBe(first);
    expect(compiler.compile('team:a', 4, document, 'sha256:abc')).not.toBe(first);
    expect(compiler.size).toBe(2);
  });
});
