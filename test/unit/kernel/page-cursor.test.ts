import { describe, expect, it } from 'vitest';
import { createPageCursorCodec } from '../../../shared/kernel/page-cursor';

const codec = createPageCursorCodec('a-secret-that-is-long-enough-for-hmac-use');
const binding = { tenantId: 'acme', query: 'agents', filters: { team: 'red' } };

describe('PageCursorCodec', () => {
  it('round-trips a position for the same tenant and query', () => {
    expect(codec.decode(codec.encode({ after: 'agt_1' }, binding), binding)).toEqual({ after: 'agt_1' });
  });

  it('does not depend on the order of filters', () => {
    const cursor = codec.encode({ after: 'x' }, { tenantId: 'acme', query: 'agents', filters: { a: 1, b: 2 } });
    expect(codec.decode(cursor, { tenantId: 'acme', query: 'agents', filters: { b: 2, a: 1 } })).toEqual({ after: 'x' });
  });

  it.each([
    ['another tenant', { ...binding, tenantId: 'globex' }],
    ['another query', { ...binding, query: 'teams' }],
    ['other filters', { ...binding, filters: { team: 'blue' } }],
  ])('refuses a cursor used for %s', (_name, other) => {
    const cursor = codec.encode({ after: 'agt_1' }, binding);
    expect(() => codec.decode(cursor, other)).toThrow(
      expect.objectContaining({ code: 'invalid_cursor', details: [expect.objectContaining({ path: 'cursor' })] }),
    );
  });

  it('refuses a tampered cursor', () => {
    const [payload, signature] = codec.encode({ after: 'agt_1' }, binding).split('.');
    const forged = Buffer.from(
      JSON.stringify({ p: { after: 'agt_9' }, b: JSON.parse(Buffer.from(payload!, 'base64url').toString()).b }),
    ).toString('base64url');
    expect(() => codec.decode(`${forged}.${signature}`, binding)).toThrow(expect.objectContaining({ code: 'invalid_cursor' }));
  });

  it('refuses a cursor signed with another secret', () => {
    const other = createPageCursorCodec('another-secret-that-is-long-enough-for-hmac');
    expect(() => codec.decode(other.encode({ after: 'a' }, binding), binding)).toThrow(expect.objectContaining({ code: 'invalid_cursor' }));
  });

  it.each(['', 'abc', 'a.b.c', '..'])('refuses garbage %j', (text) => {
    expect(() => codec.decode(text, binding)).toThrow(expect.objectContaining({ code: 'invalid_cursor' }));
  });
});
