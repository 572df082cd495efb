import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../shared/kernel/canonical-json';

/** The form it replaced (one of three copies), kept here as the definition it must still match. */
function mapJoinForm(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : mapJoinForm(item))).join(',')}]`;
  const members = Object.keys(value as Record<string, unknown>)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${mapJoinForm((value as Record<string, unknown>)[key])}`);
  return `{${members.join(',')}}`;
}

describe('Function: canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: null }], c: 'x' } })).toBe('{"a":{"c":"x","d":[2,{"y":null,"z":1}]},"b":1}');
  });

  it('leaves out undefined members and writes undefined array items as null, as JSON does', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(canonicalJson([1, undefined, 2])).toBe('[1,null,2]');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('orders keys by UTF-16 code units, not by locale', () => {
    expect(canonicalJson({ é: 1, z: 2, Z: 3, '10': 4, '9': 5 })).toBe('{"10":4,"9":5,"Z":3,"z":2,"é":1}');
  });

  it('gives the same text as the map/join form for every shape an audit record, bundle or request holds', () => {
    const values: unknown[] = [
      { id: 'dec_1', at: '2026-12-07T10:00:00.000Z', request: { action: 'crm:read', context: { amount: 5, tags: ['a', 'b'] } } },
      { nested: { deeper: { deepest: [{ b: null, a: [true, false, 0, -1.5e-7, 'x"y\\z\n'] }] } } },
      [],
      {},
      'text',
      42,
      null,
      { emoji: '🛡️', quote: '"', control: '\u0001' },
    ];
    for (const value of values) expect(canonicalJson(value)).toBe(mapJoinForm(value));
  });
});
