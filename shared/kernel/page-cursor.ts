/**
 * Opaque pagination cursors, bound to the tenant and the query that made them.
 *
 * A cursor is `base64url(json).base64url(hmac)`: the position is signed together with a digest of
 * (tenant, route, filters), so a cursor from another tenant or query, or an edited one, is refused
 * instead of leaking or skipping data.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ValidationError } from './errors';

/** What a cursor is bound to: the tenant (or "platform") and the query's identity. */
export interface CursorBinding {
  readonly tenantId: string;
  readonly query: string;
  readonly filters?: Readonly<Record<string, unknown>>;
}

/** Signs and checks cursors with one secret. */
export interface PageCursorCodec {
  encode(position: Record<string, unknown>, binding: CursorBinding): string;
  /** The position inside a cursor; throws ValidationError (field `cursor`) when it is not ours. */
  decode(cursor: string, binding: CursorBinding): Record<string, unknown>;
}

const bindingDigest = (binding: CursorBinding): string =>
  createHash('sha256')
    .update(JSON.stringify([binding.tenantId, binding.query, sortedEntries(binding.filters ?? {})]))
    .digest('base64url')
    .slice(0, 16);

const sortedEntries = (record: Readonly<Record<string, unknown>>) =>
  Object.entries(record)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));

const invalidCursor = () =>
  new ValidationError('Invalid cursor', [{ path: 'cursor', message: 'not a cursor issued for this query' }], 'invalid_cursor');

/** Creates a codec that signs with `secret` (at least 32 bytes of entropy). */
export function createPageCursorCodec(secret: string): PageCursorCodec {
  const sign = (payload: string) => createHmac('sha256', secret).update(payload).digest();
  return {
    encode(position, binding) {
      const payload = Buffer.from(JSON.stringify({ p: position, b: bindingDigest(binding) })).toString('base64url');
      return `${payload}.${sign(payload).toString('base64url')}`;
    },
    decode(cursor, binding) {
      const [payload, signature, extra] = cursor.split('.');
      if (!payload || !signature || extra !== undefined) throw invalidCursor();
      const expected = sign(payload);
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidCursor();
      const parsed: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      if (typeof parsed !== 'object' || parsed === null) throw invalidCursor();
      const { p, b } = parsed as { p?: unknown; b?: unknown };
      if (b !== bindingDigest(binding) || typeof p !== 'object' || p === null) throw invalidCursor();
      return p as Record<string, unknown>;
    },
  };
}
