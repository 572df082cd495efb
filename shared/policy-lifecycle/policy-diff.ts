/**
 * Rule-level differences between two versions of a scope's document: rules added and removed (by
 * id), rules whose fields changed (each field with its old and new value), and changed defaults.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../kernel/canonical-json';

interface DiffableDocument {
  readonly rules?: readonly Readonly<Record<string, unknown> & { id: string }>[];
  readonly defaults?: Readonly<Record<string, string>>;
}

export interface FieldChange {
  readonly field: string;
  readonly from?: unknown;
  readonly to?: unknown;
}

export interface PolicyDiff {
  readonly added: readonly unknown[];
  readonly removed: readonly unknown[];
  readonly changed: readonly { readonly id: string; readonly changes: readonly FieldChange[] }[];
  /** Rule ids in a different relative order (order names the deciding rule). */
  readonly reordered: boolean;
  readonly defaults?: { readonly from?: unknown; readonly to?: unknown };
}

/** sha256 of a document's canonical JSON, prefixed `sha256:`. */
export const contentHash = (document: unknown): string => `sha256:${createHash('sha256').update(canonicalJson(document)).digest('hex')}`;

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/** The rule-level diff from `from` to `to`. */
export function diffDocuments(from: DiffableDocument, to: DiffableDocument): PolicyDiff {
  const before = new Map((from.rules ?? []).map((rule) => [rule.id, rule as Record<string, unknown> & { id: string }]));
  const after = new Map((to.rules ?? []).map((rule) => [rule.id, rule as Record<string, unknown> & { id: string }]));
  const changed = [...after.values()].flatMap((rule) => {
    const old = before.get(rule.id);
    if (!old) return [];
    const fields = [...new Set([...Object.keys(old), ...Object.keys(rule)])].sort();
    const changes = fields.filter((field) => !same(old[field], rule[field])).map((field) => ({ field, from: old[field], to: rule[field] }));
    return changes.length === 0 ? [] : [{ id: rule.id, changes }];
  });
  const kept = (rules: Map<string, unknown>, other: Map<string, unknown>) => [...rules.keys()].filter((id) => other.has(id));
  return {
    added: [...after.values()].filter((rule) => !before.has(rule.id)),
    removed: [...before.values()].filter((rule) => !after.has(rule.id)),
    changed,
    reordered: !same(kept(before, after), kept(after, before)),
    ...(same(from.defaults, to.defaults) ? {} : { defaults: { from: from.defaults, to: to.defaults } }),
  };
}
