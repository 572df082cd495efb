import { describe, expect, it } from 'vitest';
import { FNV_START, fnv1a, fnvStep } from '../../../shared/kernel/fnv1a';

describe('Function: fnv1a', () => {
  it('gives the published FNV-1a 32-bit values (audit shards depend on them staying put)', () => {
    expect(fnv1a('') >>> 0).toBe(0x811c9dc5);
    expect(fnv1a('a') >>> 0).toBe(0xe40c292c);
    expect(fnv1a('foobar') >>> 0).toBe(0xbf9cf968);
  });

  it('is the same hashed a character at a time', () => {
    const text = 'svc42:op7';
    let hash = FNV_START;
    for (let i = 0; i < text.length; i++) hash = fnvStep(hash, text.charCodeAt(i));
    expect(hash).toBe(fnv1a(text));
  });
});
