/**
 * Which playbooks an event starts, and which agent a run acts on. Pure.
 */
import type { Condition, Playbook, Trigger, TriggerEvent } from './playbook';
import { TRIGGER_EVENTS } from './playbook';

/** An event as playbooks see it: its type, its audit id (stable across redeliveries) and its detail. */
export interface TriggeringEvent {
  readonly detailType: string;
  readonly auditId: string;
  readonly detail: Readonly<Record<string, unknown>> & { readonly tenantId: string };
}

export const isTriggerEvent = (type: string): type is TriggerEvent => (TRIGGER_EVENTS as readonly string[]).includes(type);

function holds(condition: Condition, value: unknown): boolean {
  if (typeof condition !== 'object') return value === condition;
  if (typeof value !== 'number') return false;
  return (condition.gte === undefined || value >= condition.gte) && (condition.lte === undefined || value <= condition.lte);
}

/** Whether `trigger` fires for `event`: the same type, and every condition holds on the detail. */
export const firesOn = (trigger: Trigger, event: TriggeringEvent): boolean =>
  trigger.event === event.detailType &&
  Object.entries(trigger.match ?? {}).every(([field, condition]) => holds(condition, event.detail[field]));

/** The enabled playbooks `event` starts, in id order. */
export const playbooksFor = (playbooks: readonly Playbook[], event: TriggeringEvent): Playbook[] =>
  playbooks.filter((playbook) => playbook.enabled && firesOn(playbook.trigger, event)).sort((a, b) => a.id.localeCompare(b.id));

/** The agent an event is about, if any: a quota's only when it is an agent's quota. */
export function subjectOf(event: TriggeringEvent): { agentId: string; team?: string } | undefined {
  const { detail } = event;
  if (event.detailType === 'Quota.Threshold')
    return detail.scope === 'agent' && typeof detail.subject === 'string' ? { agentId: detail.subject } : undefined;
  if (typeof detail.agentId !== 'string') return undefined;
  return { agentId: detail.agentId, ...(typeof detail.team === 'string' ? { team: detail.team } : {}) };
}
