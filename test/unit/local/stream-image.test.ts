import { describe, expect, it } from 'vitest';
import { normalizeImage } from '../../../infra/local/stream-pipe';

describe('Function: normalizeImage', () => {
  it('restores an empty map that DynamoDB Local streams as {} to {"M": {}}, at any depth', () => {
    const image = {
      id: { S: 'dec_1' },
      context: {},
      request: { M: { tags: { L: [{ S: 'a' }, {}] }, nested: { M: { empty: {} } } } },
    };
    expect(normalizeImage(image)).toEqual({
      id: { S: 'dec_1' },
      context: { M: {} },
      request: { M: { tags: { L: [{ S: 'a' }, { M: {} }] }, nested: { M: { empty: { M: {} } } } } },
    });
  });

  it('passes an image without an empty map on as it is, without copying it', () => {
    const image = { id: { S: 'dec_1' }, request: { M: { action: { S: 'crm:read' }, empty: { M: {} }, list: { L: [{ N: '1' }] } } } };
    expect(normalizeImage(image)).toBe(image);
    expect(normalizeImage(undefined)).toBeUndefined();
  });
});
