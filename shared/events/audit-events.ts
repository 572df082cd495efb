/**
 * Which domain event an audit record announces. Change records carry their event; a decision's
 * `Decision.Made` is derived from the record (decisions stored before carry a copy, used as it is).
 * The relay stamps each with the record's id so consumers can recognise a redelivery.
 */
import { decisionEventOf, type DecisionRecord } from '../decisions/decision-record';
import { type DomainEvent, isEventType } from './catalog';

/** The event of a stored audit record, or undefined when it announces none. */
export function eventOfAuditRecord(record: Record<string, unknown>): DomainEvent | undefined {
  if (record.kind === 'decision' && record.event === undefined) {
    const decision = record as unknown as DecisionRecord;
    if (typeof decision.agent !== 'object' || typeof decision.request?.action !== 'string') return undefined;
    const event = decisionEventOf(decision);
    return { ...event, detail: { ...event.detail, auditId: String(record.id) } } as DomainEvent;
  }
  const event = record.event as { source?: unknown; detailType?: unknown; detail?: unknown } | undefined;
  if (!event || typeof event.detailType !== 'string' || !isEventType(event.detailType)) return undefined;
  if (typeof event.detail !== 'object' || event.detail === null) return undefined;
  return {
    source: event.source,
    detailType: event.detailType,
    detail: { ...(event.detail as object), auditId: String(record.id) },
  } as DomainEvent;
}
