/**
 * Anomalies: what a detector found about one agent in one minute, with its evidence, recorded once
 * (its id is made from the tenant's minute, agent and kind, so a job that runs twice for a minute
 * records nothing new) together with the change record that announces `Anomaly.Detected`.
 */
import type { ChangeRecord } from '../audit/change-record';
import { domainEvent } from '../events/catalog';
import type { ActionAndTool } from '../metrics/action-key';
import type { AnomalyKind, Detection } from './detectors';

export interface Anomaly {
  readonly id: string;
  readonly tenantId: string;
  readonly kind: AnomalyKind;
  readonly agentId: string;
  readonly team: string;
  readonly observed: number;
  readonly baseline: number;
  readonly score: number;
  /** `new_action`: the actions the agent had not used before (at most MAX_REPORTED_ACTIONS). */
  readonly actions?: readonly ActionAndTool[];
  /** The minute observed. */
  readonly window: { readonly from: string; readonly to: string };
  readonly detectedAt: string;
  /** The incident it belongs to, once incidents group anomalies. */
  readonly incidentId?: string;
}

/** Where an anomaly sits in its tenant's list: by minute, then agent and kind. */
export const anomalyPosition = (anomaly: Anomaly) => `${anomaly.window.from.slice(0, 16)}#${anomaly.agentId}#${anomaly.kind}`;

const KIND_CODE: Record<AnomalyKind, string> = { volume_spike: 'V', deny_spike: 'D', new_action: 'N' };

/** The anomaly of a detection in `minute` (`YYYY-MM-DDTHH:MM`). */
export function anomalyOf(fields: {
  tenantId: string;
  agentId: string;
  team: string;
  minute: string;
  detection: Detection;
  detectedAt: string;
}): Anomaly {
  const from = new Date(`${fields.minute}:00.000Z`);
  return {
    id: `anm_${fields.minute.replace(/\D/g, '')}${KIND_CODE[fields.detection.kind]}${fields.agentId.replace(/^agt_/, '')}`,
    tenantId: fields.tenantId,
    kind: fields.detection.kind,
    agentId: fields.agentId,
    team: fields.team,
    observed: fields.detection.observed,
    baseline: fields.detection.baseline,
    score: fields.detection.score,
    ...(fields.detection.actions ? { actions: fields.detection.actions } : {}),
    window: { from: from.toISOString(), to: new Date(from.getTime() + 60_000).toISOString() },
    detectedAt: fields.detectedAt,
  };
}

/** The change record of a new anomaly (actor: the detectors), announcing `Anomaly.Detected`. */
export function anomalyChange(anomaly: Anomaly, auditId: string): ChangeRecord {
  return {
    kind: 'change',
    id: auditId,
    tenantId: anomaly.tenantId,
    at: anomaly.detectedAt,
    actor: { type: 'system', name: 'detectors' },
    action: 'anomaly.detected',
    target: { type: 'agent', id: anomaly.agentId },
    after: anomaly,
    event: domainEvent('Anomaly.Detected', {
      tenantId: anomaly.tenantId,
      anomalyId: anomaly.id,
      kind: anomaly.kind,
      agentId: anomaly.agentId,
      team: anomaly.team,
      observed: anomaly.observed,
      baseline: anomaly.baseline,
      score: anomaly.score,
      ...(anomaly.actions ? { actions: [...anomaly.actions] } : {}),
      window: anomaly.window,
    }),
  };
}
