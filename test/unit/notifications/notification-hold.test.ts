import { describe, expect, it } from 'vitest';
import { createFixedClock } from '../../../shared/kernel/clock';
import { createIdGenerator } from '../../../shared/kernel/ids';
import { createPageCursorCodec } from '../../../shared/kernel/page-cursor';
import { DEFAULT_MONITORING_SETTINGS, type MonitoringSettings } from '../../../shared/monitoring/monitoring-settings';
import { type Channel, NOTIFIABLE_EVENTS } from '../../../shared/notifications/channel';
import { heldUntil } from '../../../shared/notifications/notification-hold';
import { createNotifications } from '../../../shared/notifications/notifications';
import { createInMemoryNotificationStore } from '../../support/in-memory/in-memory-notification-store';
import { createInMemoryTables } from '../../support/in-memory/in-memory-tables';

/** Quiet from 22:00 to 07:00 UTC. */
const quiet: MonitoringSettings = { ...DEFAULT_MONITORING_SETTINGS, quietHours: { from: '22:00', to: '07:00', timeZone: 'UTC' } };
const night = Date.parse('2026-12-06T23:30:00.000Z');
const morning = '2026-12-07T07:00:00.000Z';
const event = (detailType: string, detail: Record<string, unknown> = {}) => ({ detailType, detail: { tenantId: 'acme', ...detail } });

describe('what quiet hours hold', () => {
  it.each([
    ['an anomaly', event('Anomaly.Detected', { kind: 'volume_spike' })],
    ['a low incident opened', event('Incident.Opened', { severity: 'low' })],
    ['a medium incident resolved', event('Incident.Resolved', { severity: 'medium' })],
    ['a quota threshold below the highest', event('Quota.Threshold', { threshold: 0.8 })],
  ])('holds %s until they end', (_, held) => {
    expect(heldUntil(held, quiet, night)).toBe(morning);
  });

  it.each([
    ['an approval requested', event('Approval.Requested', { approvalId: 'apr_1' })],
    ['an approval escalated', event('Approval.Escalated', { approvalId: 'apr_1' })],
    ['a high incident', event('Incident.Opened', { severity: 'high' })],
    ['a critical incident resolved', event('Incident.Resolved', { severity: 'critical' })],
    ['an incident of no known severity', event('Incident.Opened', {})],
    ['the highest quota threshold', event('Quota.Threshold', { threshold: 0.95 })],
    ['a test delivery', event('Warden.Test')],
  ])('sends %s at once', (_, urgent) => {
    expect(heldUntil(urgent, quiet, night)).toBeUndefined();
  });

  it("judges quota thresholds against the tenant's own thresholds", () => {
    const three = { ...quiet, detectors: { ...quiet.detectors, quota_threshold: { enabled: true, thresholds: [0.5, 0.95, 0.8] } } };
    expect(heldUntil(event('Quota.Threshold', { threshold: 0.8 }), three, night)).toBe(morning);
    expect(heldUntil(event('Quota.Threshold', { threshold: 0.95 }), three, night)).toBeUndefined();
  });

  it('holds nothing outside quiet hours, or for a tenant without them', () => {
    expect(heldUntil(event('Anomaly.Detected'), quiet, Date.parse('2026-12-07T07:00:00.000Z'))).toBeUndefined();
    expect(heldUntil(event('Anomaly.Detected'), DEFAULT_MONITORING_SETTINGS, night)).toBeUndefined();
  });
});

describe('a held delivery', () => {
  function notifier(settings: MonitoringSettings) {
    const clock = createFixedClock(night);
    const store = createInMemoryNotificationStore(createInMemoryTables());
    const sent: string[] = [];
    const notifications = createNotifications({
      store,
      sender: { send: async (url) => (sent.push(url), { statusCode: 200 }) },
      clock,
      ids: createIdGenerator(clock),
      cursors: createPageCursorCodec('s'.repeat(40)),
      addresses: { allowLoopback: true },
      tenants: async () => [{ id: 'acme', status: 'active' }] as never,
      settings: async () => settings,
    });
    const channel: Channel = {
      tenantId: 'acme',
      name: 'pager',
      kind: 'webhook',
      url: 'http://127.0.0.1:9/pager',
      events: [...NOTIFIABLE_EVENTS],
      secret: 'whsec_' + Buffer.alloc(32, 1).toString('base64'),
      createdAt: '2026-12-01T00:00:00.000Z',
      updatedAt: '2026-12-01T00:00:00.000Z',
    };
    const ready = store.putChannel(channel, {
      kind: 'change',
      id: 'aud_channel',
      tenantId: 'acme',
      at: '2026-12-01T00:00:00.000Z',
    } as never);
    const log = async () => (await store.listDeliveries('acme', 'pager', { limit: 10 })).items;
    return { notifications, clock, sent, ready, log };
  }
  const anomaly = {
    id: 'evt_1',
    detailType: 'Anomaly.Detected' as const,
    detail: { tenantId: 'acme', auditId: 'aud_1', anomalyId: 'ano_1' },
  };

  it('is recorded at once with no attempt, and sent by the retry job when the quiet hours end, never before', async () => {
    const { notifications, clock, sent, ready, log } = notifier(quiet);
    await ready;
    expect(await notifications.onEvent(anomaly)).toBe(0);
    expect(await log()).toEqual([expect.objectContaining({ status: 'retrying', attempts: 0, heldUntil: morning, nextAttemptAt: morning })]);
    clock.set(Date.parse(morning) - 1);
    expect(await notifications.retryDue()).toBe(0);
    clock.set(Date.parse(morning));
    expect(await notifications.retryDue()).toBe(1);
    expect(sent).toEqual(['http://127.0.0.1:9/pager']);
    expect(await log()).toEqual([expect.objectContaining({ status: 'delivered', attempts: 1, heldUntil: morning })]);
  });

  it('is made once however often its event arrives', async () => {
    const { notifications, ready, log } = notifier(quiet);
    await ready;
    await notifications.onEvent(anomaly);
    await notifications.onEvent(anomaly);
    expect(await log()).toHaveLength(1);
  });

  it('is not held when the event is urgent or the tenant has no quiet hours', async () => {
    const urgent = notifier(quiet);
    await urgent.ready;
    const approval = {
      id: 'evt_2',
      detailType: 'Approval.Requested' as const,
      detail: { tenantId: 'acme', auditId: 'aud_2', approvalId: 'apr_1' },
    };
    expect(await urgent.notifications.onEvent(approval)).toBe(1);
    expect(await urgent.log()).toEqual([expect.objectContaining({ status: 'delivered', attempts: 1 })]);
    const always = notifier(DEFAULT_MONITORING_SETTINGS);
    await always.ready;
    expect(await always.notifications.onEvent(anomaly)).toBe(1);
    expect((await always.log())[0]).not.toHaveProperty('heldUntil');
  });
});
