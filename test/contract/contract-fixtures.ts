/**
 * What the contract suites share: unique names (each suite runs once per implementation, on
 * tables that live for the whole file), change records, and reading back the change records a
 * store wrote with its changes.
 */
import type { AuditReader } from '../../shared/audit/audit-reader';
import type { ChangeRecord } from '../../shared/audit/change-record';
import { domainEvent } from '../../shared/events/catalog';

/** The day every change record of the suites is written on. */
export const DAY = '2026-11-24';
export const AT = `${DAY}T10:00:00.000Z`;

const run = Math.random().toString(36).slice(2, 8);
let counter = 0;

/** A name no other test of this run uses (lowercase, digits and hyphens: a valid tenant id). */
export const unique = (prefix: string) => `${prefix}-${run}-${++counter}`;

/** A change record of `tenantId` with a unique id; `action` and `target` say what changed. */
export function changeOf(
  tenantId: string,
  action = 'test.changed',
  target: { type: string; id: string } = { type: 'tenant', id: tenantId },
  at = AT,
): ChangeRecord {
  return {
    kind: 'change',
    id: `aud_${run.toUpperCase()}${String(++counter).padStart(20, '0')}`,
    tenantId,
    at,
    actor: { type: 'operator', sub: 'tester' },
    action,
    target,
    event: domainEvent('Team.Created', { tenantId, team: 'ops', actor: 'tester' }),
  };
}

/** The actions and targets of the change records a tenant has on DAY, oldest first. */
export async function changesOf(audit: AuditReader, tenantId: string): Promise<{ action: unknown; target: unknown }[]> {
  const page = await audit.listAudit({ tenantId, from: `${DAY}T00:00:00.000Z`, to: `${DAY}T23:59:59.999Z` }, { limit: 1000 });
  return page.items
    .filter((record) => record.kind === 'change')
    .reverse()
    .map((record) => ({ action: record.action, target: record.target }));
}
