/**
 * Turning domain records into items and back: items are the record plus its key attributes.
 */
import type { ChangeRecord } from '../../audit/change-record';
import { auditKeys } from './keys';

const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'expiresAtEpoch', 'itemType'] as const;

/** The record inside an item (key attributes removed). */
export function recordOf<T>(item: Record<string, unknown>): T {
  const record: Record<string, unknown> = { ...item };
  for (const attribute of KEY_ATTRIBUTES) delete record[attribute];
  return record as T;
}

/** The audit-table item of a change record. Change records do not expire: change history is small and auditors need it. */
export function changeItem(change: ChangeRecord): Record<string, unknown> {
  const agentIndex = change.target.type === 'agent' ? auditKeys.byAgent(change.tenantId, change.target.id, change.at, change.id) : {};
  return { ...auditKeys.record(change.tenantId, change.at, change.id), ...agentIndex, itemType: 'change', ...change };
}
