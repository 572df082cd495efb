/**
 * The NotificationStore contract (shared/notifications/notification-ports.ts), run against every
 * implementation: in memory (test/unit/contract) and on DynamoDB Local (test/integration/contract).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditReader } from '../../shared/audit/audit-reader';
import type { Channel } from '../../shared/notifications/channel';
import { afterAttempt, type Delivery, heldDelivery } from '../../shared/notifications/delivery';
import type { NotificationStore } from '../../shared/notifications/notification-ports';
import { AT, changeOf, changesOf, unique } from './contract-fixtures';

export interface NotificationContractSubject {
  readonly store: NotificationStore;
  readonly audit: AuditReader;
}

const channelOf = (tenantId: string, name: string, url = 'https://hooks.example.com/a'): Channel => ({
  tenantId,
  name,
  kind: 'webhook',
  url,
  events: ['Incident.Opened'],
  secret: 'whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0',
  createdAt: AT,
  updatedAt: AT,
});

let sequence = 0;
const deliveryOf = (tenantId: string, channel: string): Delivery => {
  const eventId = `aud_${String(++sequence).padStart(26, '0')}`;
  return {
    id: `msg_${eventId.slice(4)}`,
    tenantId,
    channel,
    eventId,
    type: 'Incident.Opened',
    status: 'pending',
    attempts: 0,
    at: AT,
    body: '{}',
  };
};

export function describeNotificationStoreContract(name: string, makeSubject: () => Promise<NotificationContractSubject>) {
  describe(`NotificationStore contract: ${name}`, () => {
    let store: NotificationStore;
    let audit: AuditReader;

    beforeAll(async () => {
      ({ store, audit } = await makeSubject());
    });

    it('keeps channels per tenant with their change records, replaces and deletes them', async () => {
      const [tenantId, other] = [unique('channels'), unique('channels')];
      await store.putChannel(channelOf(tenantId, 'pager'), changeOf(tenantId, 'channel.created', { type: 'channel', id: 'pager' }));
      await store.putChannel(channelOf(tenantId, 'chat'), changeOf(tenantId, 'channel.created', { type: 'channel', id: 'chat' }));
      await store.putChannel(
        channelOf(tenantId, 'pager', 'https://hooks.example.com/b'),
        changeOf(tenantId, 'channel.updated', { type: 'channel', id: 'pager' }),
      );
      expect((await store.getChannel(tenantId, 'pager'))?.url).toBe('https://hooks.example.com/b');
      expect((await store.listChannels(tenantId)).map((channel) => channel.name).sort()).toEqual(['chat', 'pager']);
      expect(await store.listChannels(other)).toEqual([]);
      expect(await store.getChannel(other, 'pager')).toBeUndefined();
      expect(await store.deleteChannel(tenantId, 'chat', changeOf(tenantId, 'channel.deleted', { type: 'channel', id: 'chat' }))).toBe(
        true,
      );
      expect(await store.deleteChannel(tenantId, 'chat', changeOf(tenantId, 'channel.deleted', { type: 'channel', id: 'chat' }))).toBe(
        false,
      );
      expect((await changesOf(audit, tenantId)).map((change) => change.action)).toEqual([
        'channel.created',
        'channel.created',
        'channel.updated',
        'channel.deleted',
      ]);
    });

    it('creates a delivery once per channel and event, and lists a channel log newest first', async () => {
      const tenantId = unique('deliveries');
      const first = deliveryOf(tenantId, 'pager');
      const second = deliveryOf(tenantId, 'pager');
      expect(await store.createDelivery(first)).toBe(true);
      expect(await store.createDelivery(first)).toBe(false);
      expect(await store.createDelivery(second)).toBe(true);
      expect(await store.createDelivery({ ...first, channel: 'chat' })).toBe(true);
      const page = await store.listDeliveries(tenantId, 'pager', { limit: 1 });
      expect(page.items.map((delivery) => delivery.id)).toEqual([second.id]);
      expect(page.more).toBe(true);
      expect((await store.listDeliveries(tenantId, 'pager', { limit: 5, after: second.eventId })).items).toEqual([first]);
    });

    it('keeps the due list in step with the attempts: due when retrying, gone once delivered', async () => {
      const tenantId = unique('due');
      const now = Date.parse('2026-11-24T10:00:00.000Z');
      const delivery = deliveryOf(tenantId, 'pager');
      await store.createDelivery(delivery);
      const retrying = afterAttempt(delivery, { statusCode: 500 }, now);
      await store.saveDelivery(retrying, delivery);
      expect(await store.listDueDeliveries(tenantId, '2026-11-24T10:00:30.000Z', 10)).toEqual([]);
      expect(await store.listDueDeliveries(tenantId, '2026-11-24T10:01:00.000Z', 10)).toEqual([retrying]);
      const again = afterAttempt(retrying, { error: 'ECONNRESET' }, now + 60_000);
      await store.saveDelivery(again, retrying);
      expect(await store.listDueDeliveries(tenantId, '2026-11-24T10:01:00.000Z', 10)).toEqual([]);
      expect(await store.listDueDeliveries(tenantId, '2026-11-24T10:06:00.000Z', 10)).toEqual([again]);
      const delivered = afterAttempt(again, { statusCode: 200 }, now + 360_000);
      await store.saveDelivery(delivered, again);
      expect(await store.listDueDeliveries(tenantId, '2026-11-25T00:00:00.000Z', 10)).toEqual([]);
      expect((await store.listDeliveries(tenantId, 'pager', { limit: 5 })).items).toEqual([delivered]);
      expect(await store.listDueDeliveries(unique('other'), '2026-11-25T00:00:00.000Z', 10)).toEqual([]);
    });

    it('makes a delivery created held (quiet hours) due when they end, once, and takes it off the due list after its attempt', async () => {
      const tenantId = unique('held');
      const held = heldDelivery(deliveryOf(tenantId, 'pager'), '2026-11-25T07:00:00.000Z');
      expect(await store.createDelivery(held)).toBe(true);
      expect(await store.createDelivery(held)).toBe(false);
      expect((await store.listDeliveries(tenantId, 'pager', { limit: 5 })).items).toEqual([held]);
      expect(await store.listDueDeliveries(tenantId, '2026-11-25T06:59:59.999Z', 10)).toEqual([]);
      expect(await store.listDueDeliveries(tenantId, '2026-11-25T07:00:00.000Z', 10)).toEqual([held]);
      const delivered = afterAttempt(held, { statusCode: 200 }, Date.parse('2026-11-25T07:00:10.000Z'));
      await store.saveDelivery(delivered, held);
      expect(await store.listDueDeliveries(tenantId, '2026-11-26T00:00:00.000Z', 10)).toEqual([]);
      expect((await store.listDeliveries(tenantId, 'pager', { limit: 5 })).items).toEqual([delivered]);
    });
  });
}
