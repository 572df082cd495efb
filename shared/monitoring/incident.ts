/**
 * Incidents: anomalies of one agent close in time, grouped so that people handle one thing, not
 * one alert per minute. An anomaly joins the agent's open incident when that incident's last
 * anomaly is at most GROUP_WINDOW_MS older; otherwise it opens a new one. An incident moves
 * open → acknowledged → resolved (an acknowledged one can be resolved directly from open too),
 * and every step is a line of its timeline and a change record.
 */
import type { Actor, ChangeRecord } from '../audit/change-record';
import { domainEvent } from '../events/catalog';
import { ConflictError } from '../kernel/errors';
import type { Anomaly } from './anomaly';

export type IncidentSeverity = 'low' | 'medium' | 'high' | 'critical';
export type IncidentStatus = 'open' | 'acknowledged' | 'resolved';

/** A line of an incident's timeline. */
export interface TimelineEntry {
  readonly at: string;
  readonly kind: 'opened' | 'anomaly' | 'remediation' | 'acknowledged' | 'resolved';
  readonly actor: string;
  readonly summary: string;
}

export interface Incident {
  readonly id: string;
  readonly tenantId: string;
  readonly title: string;
  readonly severity: IncidentSeverity;
  readonly status: IncidentStatus;
  readonly agentId: string;
  readonly team: string;
  readonly openedAt: string;
  readonly updatedAt: string;
  /** When its newest anomaly was detected (grouping looks at this). */
  readonly lastAnomalyAt: string;
  readonly anomalies: readonly string[];
  readonly remediations: readonly string[];
  readonly timeline: readonly TimelineEntry[];
  readonly version: number;
}

/** Anomalies of an agent this close in time share an incident. */
export const GROUP_WINDOW_MS = 30 * 60_000;
/** Anomalies one incident lists at most (later ones still count in the timeline's summary). */
export const MAX_ANOMALIES_PER_INCIDENT = 200;

const SEVERITIES: readonly IncidentSeverity[] = ['low', 'medium', 'high', 'critical'];
/**
 * Severity an anomaly kind opens an incident with. A new action is `low`: what the agent may do is
 * the policy's to decide (a denied new tool also shows as a deny spike), so a first use within
 * policy is worth a look, not an alarm; it still raises the severity of an incident it joins at
 * the third anomaly.
 */
const KIND_SEVERITY: Record<Anomaly['kind'], IncidentSeverity> = { volume_spike: 'medium', deny_spike: 'high', new_action: 'low' };
const KIND_TITLE: Record<Anomaly['kind'], string> = { volume_spike: 'Volume spike', deny_spike: 'Deny spike', new_action: 'New action' };

/** An anomaly in words. */
function summaryOf(anomaly: Anomaly): string {
  if (anomaly.kind === 'deny_spike')
    return `Deny rate ${Math.round(anomaly.observed * 100)} % against a usual ${Math.round(anomaly.baseline * 100)} % (z ${anomaly.score})`;
  if (anomaly.kind === 'new_action') {
    const named = (anomaly.actions ?? []).map(({ action, tool }) => (tool === undefined ? action : `${action} (${tool})`));
    const more = anomaly.observed > named.length ? ` and ${anomaly.observed - named.length} more` : '';
    return `New action${anomaly.observed === 1 ? '' : 's'} ${named.join(', ')}${more} (${anomaly.baseline} known before)`;
  }
  return `${anomaly.observed} decisions in a minute against a usual ${anomaly.baseline} (z ${anomaly.score})`;
}

/** Whether `anomaly` joins `open` (the agent's unresolved incident, if any). */
export const joins = (open: Incident | undefined, anomaly: Anomaly): open is Incident =>
  open !== undefined && open.status !== 'resolved' && Date.parse(anomaly.detectedAt) - Date.parse(open.lastAnomalyAt) <= GROUP_WINDOW_MS;

/** A new incident opened by an anomaly. */
export function openedBy(anomaly: Anomaly, id: string): Incident {
  return {
    id,
    tenantId: anomaly.tenantId,
    title: `${KIND_TITLE[anomaly.kind]} of agent ${anomaly.agentId}`,
    severity: KIND_SEVERITY[anomaly.kind],
    status: 'open',
    agentId: anomaly.agentId,
    team: anomaly.team,
    openedAt: anomaly.detectedAt,
    updatedAt: anomaly.detectedAt,
    lastAnomalyAt: anomaly.detectedAt,
    anomalies: [anomaly.id],
    remediations: [],
    timeline: [{ at: anomaly.detectedAt, kind: 'opened', actor: 'system:detectors', summary: summaryOf(anomaly) }],
    version: 1,
  };
}

/** The incident with one more anomaly: severity the highest of its anomalies', one level up from the third on. */
export function withAnomaly(incident: Incident, anomaly: Anomaly): Incident {
  const count = incident.anomalies.length + 1;
  const base = Math.max(SEVERITIES.indexOf(incident.severity), SEVERITIES.indexOf(KIND_SEVERITY[anomaly.kind]));
  const severity = SEVERITIES[Math.min(SEVERITIES.length - 1, count === 3 ? base + 1 : base)]!;
  return {
    ...incident,
    severity,
    updatedAt: anomaly.detectedAt,
    lastAnomalyAt: anomaly.detectedAt,
    anomalies: count <= MAX_ANOMALIES_PER_INCIDENT ? [...incident.anomalies, anomaly.id] : incident.anomalies,
    timeline: [...incident.timeline, { at: anomaly.detectedAt, kind: 'anomaly', actor: 'system:detectors', summary: summaryOf(anomaly) }],
    version: incident.version + 1,
  };
}

/** What a remediation run tells an incident: which run, on behalf of what, in words. */
export interface RemediationNote {
  readonly tenantId: string;
  readonly agentId: string;
  readonly team: string;
  readonly runId: string;
  /** `system:playbook:<id>`. */
  readonly actor: string;
  readonly severity: IncidentSeverity;
  readonly summary: string;
  readonly at: string;
}

/** The incident with a remediation run in its list and its timeline (once per run), at least `note.severity`. */
export function withRemediation(incident: Incident, note: RemediationNote): Incident {
  if (incident.remediations.includes(note.runId)) return incident;
  const severity = SEVERITIES[Math.max(SEVERITIES.indexOf(incident.severity), SEVERITIES.indexOf(note.severity))]!;
  return {
    ...incident,
    severity,
    updatedAt: note.at,
    remediations: [...incident.remediations, note.runId],
    timeline: [...incident.timeline, { at: note.at, kind: 'remediation', actor: note.actor, summary: note.summary }],
    version: incident.version + 1,
  };
}

/** A new incident opened by a remediation run (its agent had none open). */
export function openedByRemediation(note: RemediationNote, id: string): Incident {
  return {
    id,
    tenantId: note.tenantId,
    title: `Remediation of agent ${note.agentId}`,
    severity: note.severity,
    status: 'open',
    agentId: note.agentId,
    team: note.team,
    openedAt: note.at,
    updatedAt: note.at,
    lastAnomalyAt: note.at,
    anomalies: [],
    remediations: [note.runId],
    timeline: [{ at: note.at, kind: 'remediation', actor: note.actor, summary: note.summary }],
    version: 1,
  };
}

/** The incident acknowledged or resolved by `actor`; a resolved incident changes no more. */
export function moved(incident: Incident, to: 'acknowledged' | 'resolved', by: string, at: string, note: string | undefined): Incident {
  if (incident.status === 'resolved') throw new ConflictError(`Incident ${incident.id} is resolved`, 'incident_resolved');
  if (incident.status === to) throw new ConflictError(`Incident ${incident.id} is already ${to}`, `incident_${to}`);
  return {
    ...incident,
    status: to,
    updatedAt: at,
    timeline: [...incident.timeline, { at, kind: to, actor: by, summary: note ?? (to === 'resolved' ? 'Resolved' : 'Acknowledged') }],
    version: incident.version + 1,
  };
}

/** The change record of an incident's change, announcing what happened to it. */
export function incidentChange(incident: Incident, before: Incident | undefined, fields: { id: string; actor: Actor }): ChangeRecord {
  const action =
    before === undefined ? 'incident.opened' : incident.status !== before.status ? `incident.${incident.status}` : 'incident.updated';
  const event =
    action === 'incident.opened'
      ? domainEvent('Incident.Opened', {
          tenantId: incident.tenantId,
          incidentId: incident.id,
          title: incident.title,
          severity: incident.severity,
          agentId: incident.agentId,
          team: incident.team,
        })
      : action === 'incident.resolved'
        ? domainEvent('Incident.Resolved', { tenantId: incident.tenantId, incidentId: incident.id, severity: incident.severity })
        : domainEvent('Incident.Updated', {
            tenantId: incident.tenantId,
            incidentId: incident.id,
            status: incident.status,
            severity: incident.severity,
          });
  return {
    kind: 'change',
    id: fields.id,
    tenantId: incident.tenantId,
    at: incident.updatedAt,
    actor: fields.actor,
    action,
    target: { type: 'incident', id: incident.id },
    ...(before ? { before: { status: before.status, severity: before.severity } } : {}),
    after: { status: incident.status, severity: incident.severity, anomalies: incident.anomalies.length },
    event,
  };
}
