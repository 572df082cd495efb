/**
 * What the in-memory implementations of Warden's ports share, as the DynamoDB adapters share
 * tables: tenants (whose epoch the policy, tenancy and approval stores bump), agents (the approval
 * store reads their ownership and guards decisions on their version), the audit log (every store
 * writes its change records there, in the same "transaction" as the change) and usage counters.
 *
 * Values go in and come out as copies made the way DynamoDB's document client makes them
 * (`removeUndefinedValues`): a caller that mutates what it wrote or read changes nothing stored.
 */
import type { AuditQuery, StoredAuditRecord } from '../../../shared/audit/audit-reader';
import type { ChangeRecord } from '../../../shared/audit/change-record';
import type { StorePage } from '../../../shared/kernel/page';
import type { Agent } from '../../../shared/tenancy/agent';
import type { Tenant } from '../../../shared/tenancy/tenant';
import type { UsageCounter } from '../../../shared/usage/usage';

/** An audit record as kept: the record, and its position (`<at>#<id>`) in its tenant's log. */
export interface AuditEntry {
  readonly tenantId: string;
  readonly position: string;
  readonly record: StoredAuditRecord;
}

export interface InMemoryTables {
  /** Tenants by id. */
  readonly tenants: Map<string, Tenant>;
  /** Agents by `<tenantId>#<agentId>`. */
  readonly agents: Map<string, Agent>;
  /** The audit log (change and decision records) by `<tenantId>#<at>#<id>`. */
  readonly audit: Map<string, AuditEntry>;
  /** Usage counters by `<tenantId>#<YYYY-MM>` (what the usage meter keeps). */
  readonly usage: Map<string, UsageCounter[]>;
}

/** Empty tables. */
export function createInMemoryTables(): InMemoryTables {
  return { tenants: new Map(), agents: new Map(), audit: new Map(), usage: new Map() };
}

/** A copy as DynamoDB would store and return it: JSON values, undefined fields dropped. */
export const stored = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The key of a tenant's item in a map of items of many tenants. */
export const tenantKey = (tenantId: string, id: string) => `${tenantId}#${id}`;

/** Attributes the DynamoDB adapters keep on items but never return (item-mapping.ts `recordOf`). */
const ITEM_ONLY = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'expiresAtEpoch', 'itemType'];

/** A record as read back from an item: a copy without the item-only attributes. */
export function readBack<T>(value: T): T {
  const record = stored(value) as Record<string, unknown>;
  for (const attribute of ITEM_ONLY) delete record[attribute];
  return record as T;
}

const auditKey = (tenantId: string, at: string, id: string) => `${tenantId}#${at}#${id}`;

/**
 * One write made of several items, all or nothing, as `TransactWriteItems`: every condition is
 * checked before anything is written; the first failed one throws what `onConditionFailed` makes
 * of it. Nothing is awaited between the checks and the writes, so no other call interleaves.
 */
export function transact(conditions: readonly boolean[], onConditionFailed: () => Error, writes: readonly (() => void)[]): void {
  if (conditions.some((holds) => !holds)) throw onConditionFailed();
  for (const write of writes) write();
}

/** Whether the change records can be written (no record of the same tenant, time and id yet). */
export const auditAbsent = (tables: InMemoryTables, changes: readonly ChangeRecord[]): boolean =>
  changes.every((change) => !tables.audit.has(auditKey(change.tenantId, change.at, change.id)));

/** Writes an audit record (a change record, or a decision record). */
export function putAudit(tables: InMemoryTables, record: { tenantId: string; at: string; id: string }): void {
  tables.audit.set(auditKey(record.tenantId, record.at, record.id), {
    tenantId: record.tenantId,
    position: `${record.at}#${record.id}`,
    record: stored(record) as unknown as StoredAuditRecord,
  });
}

/** Whether the tenant exists (the `attribute_exists(pk)` of the adapters' epoch bumps). */
export const tenantExists = (tables: InMemoryTables, tenantId: string): boolean => tables.tenants.has(tenantId);

/** Adds one to a tenant's epoch (`ADD epoch :one`). */
export function bumpEpoch(tables: InMemoryTables, tenantId: string): void {
  const tenant = tables.tenants.get(tenantId);
  if (tenant) tables.tenants.set(tenantId, { ...tenant, epoch: tenant.epoch + 1 });
}

/**
 * One page of items sorted by `keyOf`, ascending (or descending) after the key `page.after`, as
 * the adapters' `queryPage`: `more` is true only when an item follows the page.
 */
export function pageOf<T>(
  items: Iterable<T>,
  keyOf: (item: T) => string,
  page: { limit: number; after?: string },
  order: 'ascending' | 'descending' = 'ascending',
): StorePage<T> {
  const sorted = [...items].sort((a, b) => compare(keyOf(a), keyOf(b)) * (order === 'ascending' ? 1 : -1));
  const { after } = page;
  const past = after === undefined ? sorted : sorted.filter((item) => (order === 'ascending' ? keyOf(item) > after : keyOf(item) < after));
  return { items: past.slice(0, page.limit).map((item) => readBack(item)), more: past.length > page.limit };
}

/** Compares texts by UTF-16 code units (DynamoDB compares UTF-8 bytes; they agree on the keys Warden builds). */
export const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The audit records of a query, newest first, before the position `after` (DynamoDB decision store's `listAudit`). */
export function auditPage(
  tables: InMemoryTables,
  query: AuditQuery,
  page: { limit: number; after?: string },
): StorePage<StoredAuditRecord> {
  const upper = page.after ?? `${query.to}~`;
  const matching = [...tables.audit.values()].filter(
    (entry) =>
      entry.tenantId === query.tenantId &&
      entry.position >= query.from &&
      (page.after === undefined ? entry.position <= upper : entry.position < upper) &&
      (query.agentId === undefined ||
        (entry.record.kind === 'decision'
          ? (entry.record.agent as { id?: string }).id === query.agentId
          : isChangeOfAgent(entry.record, query.agentId))),
  );
  matching.sort((a, b) => compare(b.position, a.position));
  return { items: matching.slice(0, page.limit).map((entry) => readBack(entry.record)), more: matching.length > page.limit };
}

/** Change records are listed under an agent when their target is that agent (the adapters' agent index). */
const isChangeOfAgent = (record: StoredAuditRecord, agentId: string) => {
  const target = record.target as { type?: string; id?: string } | undefined;
  return record.kind === 'change' && target?.type === 'agent' && target.id === agentId;
};
