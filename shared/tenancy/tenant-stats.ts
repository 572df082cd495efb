/**
 * Per-tenant agent counts, kept by a consumer of agent lifecycle events: a projection, so the
 * platform sees fleet sizes without scanning agents.
 */
import type { DomainEvent, EventType } from '../events/catalog';

export type AgentCountField = 'active' | 'suspended' | 'decommissioned';

/** Counts by agent status. */
export type AgentCounts = Record<AgentCountField, number>;

/** How one event moves the counts (+1/-1 per status), or undefined for events that do not. */
export function agentCountDeltas(event: DomainEvent): Partial<AgentCounts> | undefined {
  const type: EventType = event.detailType;
  const detail = event.detail as { fromStatus?: AgentCountField };
  switch (type) {
    case 'Agent.Registered':
      return { active: 1 };
    case 'Agent.Suspended':
    case 'Agent.Reinstated':
    case 'Agent.Decommissioned': {
      const to: AgentCountField = type === 'Agent.Suspended' ? 'suspended' : type === 'Agent.Reinstated' ? 'active' : 'decommissioned';
      const from = detail.fromStatus ?? 'active';
      return from === to ? undefined : { [from]: -1, [to]: 1 };
    }
    default:
      return undefined;
  }
}
