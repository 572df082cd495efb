/**
 * Which notifications wait for the end of a tenant's quiet hours (docs/decisions/notifications.md):
 * anomalies, incidents below `high`, quota thresholds below the highest one, and the hygiene
 * sweep's findings (keys expiring or expired, inactive agents). Approvals, which
 * someone must answer, high and critical incidents, the last quota threshold and test deliveries
 * always go at once. A held delivery is never dropped: its first attempt is scheduled for the end.
 */
import type { MonitoringSettings } from '../monitoring/monitoring-settings';
import { quietHoursEnd } from './quiet-hours';

/** An event as the hold decision sees it. */
export interface HoldableEvent {
  readonly detailType: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

const CAN_WAIT_SEVERITIES: readonly unknown[] = ['low', 'medium'];

/** The events whose notifications may be held at all (whether one is depends on its detail). */
export const HOLDABLE_EVENTS: readonly string[] = [
  'Anomaly.Detected',
  'Incident.Opened',
  'Incident.Resolved',
  'Quota.Threshold',
  'Key.Expiring',
  'Key.Expired',
  'Agent.Inactive',
];

/** Whether a notification of `event` may wait for the end of quiet hours. */
export function canWait(event: HoldableEvent, settings: MonitoringSettings): boolean {
  switch (event.detailType) {
    // The hygiene sweep's findings are days in the making: they can wait for the morning.
    case 'Anomaly.Detected':
    case 'Key.Expiring':
    case 'Key.Expired':
    case 'Agent.Inactive':
      return true;
    case 'Incident.Opened':
    case 'Incident.Resolved':
      return CAN_WAIT_SEVERITIES.includes(event.detail.severity);
    case 'Quota.Threshold': {
      const threshold = event.detail.threshold;
      return typeof threshold === 'number' && threshold < Math.max(...settings.detectors.quota_threshold.thresholds);
    }
    default:
      return false;
  }
}

/**
 * Until when a notification of `event` arriving at `nowMs` is held (an ISO time, the end of the
 * tenant's quiet hours), or undefined: it goes now.
 */
export function heldUntil(event: HoldableEvent, settings: MonitoringSettings, nowMs: number): string | undefined {
  if (!settings.quietHours || !canWait(event, settings)) return undefined;
  const end = quietHoursEnd(settings.quietHours, nowMs);
  return end === undefined ? undefined : new Date(end).toISOString();
}
