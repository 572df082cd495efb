import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../shared/kernel/canonical-json';
import { contentHash, diffDocuments } from '../../../shared/policy-lifecycle/policy-diff';

describe('Function: diffDocuments', () => {
  const a = { id: 'a', effect: 'deny', actions: ['x'] };
  const b = { id: 'b', effect: 'allow', tools: ['t.*'] };

  it('lists rules added and removed by id', () => {
    const diff = diffDocuments({ rules: [a] }, { rules: [b] });
    expect(diff.added).toEqual([b]);
    expect(diff.removed).toEqual([a]);
    expect(diff.changed).toEqual([]);
  });

  it('names each changed field with its old and new value, absent fields included', () => {
    const diff = diffDocuments({ rules: [a] }, { rules: [{ ...a, effect: 'require_approval', risk: 'high' }] });
    expect(diff.changed).toEqual([
      {
        id: 'a',
        changes: [
          { field: 'effect', from: 'deny', to: 'require_approval' },
          { field: 'risk', from: undefined, to: 'high' },
        ],
      },
    ]);
  });

  it('reports a new order of the same rules, which changes the deciding rule', () => {
    expect(diffDocuments({ rules: [a, b] }, { rules: [b, a] }).reordered).toBe(true);
    expect(diffDocuments({ rules: [a, b] }, { rules: [a, b] }).reordered).toBe(false);
  });

  it('reports changed defaults and stays quiet about equal ones', () => {
    expect(diffDocuments({ rules: [], defaults: { dev: 'allow' } }, { rules: [], defaults: { dev: 'deny' } }).defaults).toEqual({
      from: { dev: 'allow' },
      to: { dev: 'deny' },
    });
    expect(diffDocuments({ rules: [], defaults: { dev: 'allow' } }, { rules: [], defaults: { dev: 'allow' } })).not.toHaveProperty(
      'defaults',
    );
  });
});

describe('Function: contentHash', () => {
  it('is the same for documents that differ only in key order', () => {
    expect(contentHash({ rules: [{ id: 'a', effect: 'deny' }], defaults: { dev: 'allow' } })).toBe(
      contentHash({ defaults: { dev: 'allow' }, rules: [{ effect: 'deny', id: 'a' }] }),
    );
  });

  it('differs when a value differs, and keeps array order significant', () => {
    expect(contentHash({ rules: [{ id: 'a' }] })).not.toBe(contentHash({ rules: [{ id: 'b' }] }));
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });
});
