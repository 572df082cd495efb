import { describe, expect, it } from 'vitest';
import { createFixedClock } from '../../../shared/kernel/clock';
import { createIdGenerator } from '../../../shared/kernel/ids';
import { createPageCursorCodec } from '../../../shared/kernel/page-cursor';
import { DEFAULT_MONITORING_SETTINGS } from '../../../shared/monitoring/monitoring-settings';
import type { Channel, NotifiableEvent } from '../../../shared/notifications/channel';
import { FEED_DECISIONS_PER_DELIVERY, type FeedDecision, feedDecisionOf } from '../../../shared/notifications/decision-feed';
import { createNotifications } from '../../../shared/notifications/notifications';
import { createInMemoryNotificationStore } from '../../support/in-memory/in-memory-notification-store';
import { createInMemoryTables } from '../../support/in-memory/in-memory-tables';

const AT = Date.parse('2026-12-07T10:00:00.000Z');

/** Notifications on in-memory storage with a sender that records each body by URL. */
async function feed(channels: { tenantId: string; name: string; events: NotifiableEvent[] }[]) {
  const clock = createFixedClock(AT);
  const store = createInMemoryNotificationStore(createInMemoryTables());
  const sent: { url: string; body: { type: string; data: { tenantId: string; decisions: { decisionId: string }[] } } }[] = [];
  const notifications = createNotifications({
    store,
    sender: { send: async (url, _headers, body) => (sent.push({ url, body: JSON.parse(body) }), { statusCode: 200 }) },
    clock,
    ids: createIdGenerator(clock),
    cursors: createPageCursorCodec('s'.repeat(40)),
    addresses: { allowLoopback: true },
    tenants: async () => [],
    settings: async () => DEFAULT_MONITORING_SETTINGS,
  });
  for (const { tenantId, name, events } of channels) {
    const channel: Channel = {
      tenantId,
      name,
      kind: 'webhook',
      url: `http://127.0.0.1:9/${tenantId}/${name}`,
      events,
      secret: 'whsec_' + Buffer.alloc(32, 1).toString('base64'),
      createdAt: '2026-12-01T00:00:00.000Z',
      updatedAt: '2026-12-01T00:00:00.000Z',
    };
    await store.putChannel(channel, { kind: 'change', id: `aud_${name}`, tenantId, at: '2026-12-01T00:00:00.000Z' } as never);
  }
  return { notifications, sent, store };
}

let counter = 0;
const decisions = (tenantId: string, count: number): FeedDecision[] =>
  Array.from({ length: count }, () => {
    counter += 1;
    const id = `dec_${String(counter).padStart(8, '0')}`;
    return { tenantId, auditId: id, detail: { tenantId, decisionId: id, effect: 'allow' } };
  });

describe('Function: feedDecisionOf', () => {
  it('reads a new decision record as its Decision.Made detail, and leaves other records out of the feed', () => {
    const decision = {
      kind: 'decision',
      id: 'dec_1',
      tenantId: 'acme',
      at: '2026-12-07T10:00:00.000Z',
      agent: { id: 'agt_1', team: 'ops', role: 'bot', environment: 'prod' },
      request: { action: 'crm:read' },
      effect: 'deny',
      reason: 'no rule',
    };
    expect(feedDecisionOf(decision)).toEqual({
      tenantId: 'acme',
      auditId: 'dec_1',
      detail: expect.objectContaining({ tenantId: 'acme', decisionId: 'dec_1', agentId: 'agt_1', action: 'crm:read', effect: 'deny' }),
    });
    expect(feedDecisionOf(decision)!.detail).not.toHaveProperty('auditId');
    const change = {
      kind: 'change',
      id: 'aud_1',
      event: { source: 'warden.agents', detailType: 'Agent.Suspended', detail: { tenantId: 'acme' } },
    };
    expect(feedDecisionOf(change)).toBeUndefined();
  });
});

describe('Method: onDecisions', () => {
  it(`delivers a batch to each subscribed channel of its tenant, ${FEED_DECISIONS_PER_DELIVERY} decisions at most per delivery`, async () => {
    const { notifications, sent } = await feed([
      { tenantId: 'acme', name: 'siem', events: ['Decision.Made'] },
      { tenantId: 'acme', name: 'lake', events: ['Decision.Made', 'Incident.Opened'] },
      { tenantId: 'acme', name: 'pager', events: ['Incident.Opened'] },
    ]);
    const batch = decisions('acme', FEED_DECISIONS_PER_DELIVERY + 20);
    expect(await notifications.onDecisions(batch)).toBe(4);
    const to = (name: string) => sent.filter((send) => send.url.endsWith(`/${name}`)).map((send) => send.body);
    for (const name of ['siem', 'lake']) {
      expect(to(name).map((body) => body.data.decisions.length)).toEqual([FEED_DECISIONS_PER_DELIVERY, 20]);
      expect(to(name).flatMap((body) => body.data.decisions.map((decision) => decision.decisionId))).toEqual(
        batch.map((decision) => decision.auditId),
      );
      expect(to(name)[0]).toMatchObject({ type: 'Decision.Made', data: { tenantId: 'acme' } });
    }
    expect(to('pager')).toEqual([]);
  });

  it("sends each tenant's decisions to its own channels only", async () => {
    const { notifications, sent } = await feed([
      { tenantId: 'acme', name: 'siem', events: ['Decision.Made'] },
      { tenantId: 'globex', name: 'siem', events: ['Decision.Made'] },
    ]);
    await notifications.onDecisions([...decisions('acme', 2), ...decisions('globex', 3), ...decisions('initech', 4)]);
    const tenantsIn = (prefix: string) =>
      sent.filter((send) => send.url.includes(prefix)).flatMap((send) => send.body.data.decisions.map(() => send.body.data.tenantId));
    expect(tenantsIn('/acme/')).toEqual(['acme', 'acme']);
    expect(tenantsIn('/globex/')).toEqual(['globex', 'globex', 'globex']);
    expect(sent).toHaveLength(2);
  });

  it('delivers a batch once however often it arrives', async () => {
    const { notifications, sent, store } = await feed([{ tenantId: 'acme', name: 'siem', events: ['Decision.Made'] }]);
    const batch = decisions('acme', 3);
    expect(await notifications.onDecisions(batch)).toBe(1);
    expect(await notifications.onDecisions(batch)).toBe(0);
    expect(sent).toHaveLength(1);
    expect((await store.listDeliveries('acme', 'siem', { limit: 10 })).items).toEqual([
      expect.objectContaining({ type: 'Decision.Made', status: 'delivered', eventId: batch[0]!.auditId }),
    ]);
  });
});
