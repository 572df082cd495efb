/**
 * Builds the change record (audit entry + event) that accompanies a tenancy write.
 */
import type { Actor, ChangeRecord } from '../audit/change-record';
import type { AgentPrincipal, OperatorPrincipal } from '../auth/principal';
import type { DomainEvent } from '../events/catalog';
import { isoAt } from '../kernel/clock';
import type { TenancyDeps } from './tenancy-deps';

/** The actor of a change made by an operator. */
export const operatorActor = (principal: OperatorPrincipal): Actor => ({ type: 'operator', sub: principal.sub });

/** The actor of a change an agent made to itself (rotating its own key), as its key identified it. */
export const agentActor = (principal: AgentPrincipal): Actor => ({ type: 'agent', agentId: principal.agentId });

/** A change record stamped with a new id and the current time. */
export function changeRecord(
  deps: Pick<TenancyDeps, 'clock' | 'ids'>,
  fields: Omit<ChangeRecord, 'kind' | 'id' | 'at'> & { event: DomainEvent },
): ChangeRecord {
  return { kind: 'change', id: deps.ids.next('aud'), at: isoAt(deps.clock.nowMs()), ...fields };
}

/** The names of the fields that differ between two records (for events and audit). */
export function changedFields<T extends object>(before: T, after: T, fields: readonly (keyof T)[]): string[] {
  return fields.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field])).map(String);
}
