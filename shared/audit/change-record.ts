/**
 * Change records: the audit entry every change to governed state leaves (who, what, when, why,
 * before and after). A change record is written in the same transaction as the change and carries
 * the domain event it announces, so the event comes from the data itself and cannot be lost.
 *
 * A change record never shows key material: writers record public views (an agent's keys by
 * `keyId` only), and readers pass every record through `withoutKeyMaterial`, which also cleans
 * records written before that rule.
 */
import type { DomainEvent } from '../events/catalog';

/** Who made a change. */
export type Actor =
  | { readonly type: 'operator'; readonly sub: string }
  | { readonly type: 'agent'; readonly agentId: string }
  | { readonly type: 'system'; readonly name: string };

/** An audit record of kind `change`. */
export interface ChangeRecord {
  readonly kind: 'change';
  readonly id: string;
  readonly tenantId: string;
  readonly at: string;
  readonly actor: Actor;
  /** What happened, `<object>.<verb>` (e.g. `agent.registered`). */
  readonly action: string;
  readonly target: { readonly type: string; readonly id: string };
  readonly reason?: string;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly event: DomainEvent;
}

/** Field names whose values are key material or digests of it; never shown in a change record. */
const KEY_MATERIAL_FIELDS: ReadonlySet<string> = new Set(['apiKey', 'keyHash', 'secret']);

/** A copy of `value` without any field named in KEY_MATERIAL_FIELDS, at any depth. */
function withoutKeyMaterialFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutKeyMaterialFields);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([name]) => !KEY_MATERIAL_FIELDS.has(name))
      .map(([name, field]) => [name, withoutKeyMaterialFields(field)]),
  );
}

/** An audit record as it may be shown: `before` and `after` of a change without key material. */
export function withoutKeyMaterial<T extends Record<string, unknown>>(record: T): T {
  if (record.kind !== 'change') return record;
  return {
    ...record,
    ...('before' in record ? { before: withoutKeyMaterialFields(record.before) } : {}),
    ...('after' in record ? { after: withoutKeyMaterialFields(record.after) } : {}),
  };
}
