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
  it('indexes rules by action: a request looks only at rules that can match, each once, most restrictive first, then in document order', () => {
    const compiled = compileScope('tenant', 1, document);
    const ids = (action: string) => compiled.index.candidates(action).map((rule) => rule.id);
    // Most restrictive effect first (deny before allow), then document order.
    expect(ids('data:export')).toEqual(['exact', 'anything', 'prefix', 'two']);
    expect(ids('data:read')).toEqual(['anything', 'prefix', 'infix']);
    expect(ids('pay')).toEqual(['anything', 'two']);
    expect(ids('tool:invoke')).toEqual(['anything', 'other-prefix']);
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

  it('indexes the scopes agents share together, once, and keeps the agent scope apart', () => {
    const compiler = createPolicyCompiler();
    const shared = ['org', 'tenant', 'team:a', 'role:b'].map((scope) => compiler.compile(scope, 1, document, `sha256:${scope}`));
    const first = compiler.compile('agent:agt_1', 1, document, 'sha256:agent1');
    const second = compiler.compile('agent:agt_2', 1, document, 'sha256:agent2');
    const [sharedIndex, agentIndex] = compiler.indexesFor([...shared, first]);
    expect(compiler.indexesFor([...shared, first])).toHaveLength(2);
    expect(agentIndex).toBe(first.index);
    expect(compiler.indexesFor([...shared, second])[0]).toBe(sharedIndex);
    // One lookup finds the candidates of all four shared scopes, by scope from org down.
    const found = sharedIndex!.candidates('data:export');
    expect(found.map((rule) => `${rule.scopeRank}:${rule.id}`)).toEqual(
      ['org', 'tenant', 'team', 'role'].flatMap((_, rank) => ['exact', 'anything', 'prefix', 'two'].map((id) => `${rank}:${id}`)),
    );
  });

  it('keeps the own index of scopes it did not cache', () => {
    const compiler = createPolicyCompiler();
    const scopes = [compileScope('org', 1, document), compileScope('tenant', 1, document)];
    expect(compiler.indexesFor(scopes)).toEqual(scopes.map((scope) => scope.index));
  });
});
