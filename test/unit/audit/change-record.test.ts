import { describe, expect, it } from 'vitest';
import { withoutKeyMaterial } from '../../../shared/audit/change-record';

describe('Function: withoutKeyMaterial', () => {
  it('drops keyHash, apiKey and secret at any depth of before and after', () => {
    const record = {
      kind: 'change',
      id: 'aud_1',
      before: { keys: [{ keyId: 'key_1', keyHash: 'ab12' }], name: 'x' },
      after: { keys: [{ keyId: 'key_2', keyHash: 'cd34' }], channel: { secret: 's3cret', url: 'https://h' }, apiKey: 'wdn_acme_x' },
    };
    expect(withoutKeyMaterial(record)).toEqual({
      kind: 'change',
      id: 'aud_1',
      before: { keys: [{ keyId: 'key_1' }], name: 'x' },
      after: { keys: [{ keyId: 'key_2' }], channel: { url: 'https://h' } },
    });
  });

  it('leaves decision records and changes without before or after as they are', () => {
    const decision = { kind: 'decision', id: 'dec_1', keyId: 'key_1' };
    expect(withoutKeyMaterial(decision)).toBe(decision);
    expect(withoutKeyMaterial({ kind: 'change', id: 'aud_2' })).toEqual({ kind: 'change', id: 'aud_2' });
  });
});
