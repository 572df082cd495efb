/**
 * Which domain event an audit record announces. Change records carry their event; the relay
 * stamps each with the record's id so consumers can recognise a redelivery.
 */
import { type DomainEvent, isEventType } from './catalog';

/** The event of a stored audit record, or undefined when it announces none. */
export function eventOfAuditRecord(record: Record<string, unknown>): DomainEvent | undefined {
  const event = record.event as { source?: unknown; detailType?: unknown; detail?: unknown } | undefined;
  if (!event || typeof event.detailType !== 'string' || !isEventType(event.detailType)) return undefined;
  if (typeof event.detail !== 'object' || event.detail === null) return undefined;
  return {
    source: event.source,
    detailType: event.detailType,
    detail: { ...(event.detail as object), auditId: String(record.id) },
  } as DomainEvent;
}
