/**
 * Change records: the audit entry every change to governed state leaves (who, what, when, why,
 * before and after). A change record is written in the same transaction as the change and carries
 * the domain event it announces, so the event comes from the data itself and cannot be lost.
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

/** A short text naming an actor, used in events and `createdBy` fields. */
export function actorName(actor: Actor): string {
  switch (actor.type) {
    case 'operator':
      return actor.sub;
    case 'agent':
      return `agent:${actor.agentId}`;
    case 'system':
      return `system:${actor.name}`;
  }
}
