/**
 * NotificationStore in memory, with the DynamoDB adapter's observable behaviour
 * (shared/adapters/dynamodb/dynamodb-notification-store.ts): channels written with their change
 * records, one delivery per channel and event, a channel's log newest first, and the deliveries
 * due for another attempt kept in step with the log.
 */
import { ConflictError } from '../../../shared/kernel/errors';
import type { Channel } from '../../../shared/notifications/channel';
import type { Delivery } from '../../../shared/notifications/delivery';
import type { NotificationStore } from '../../../shared/notifications/notification-ports';
import { auditAbsent, type InMemoryTables, pageOf, putAudit, stored, tenantKey } from './in-memory-tables';

export function createInMemoryNotificationStore(tables: InMemoryTables): NotificationStore {
  const channels = new Map<string, Channel>();
  const deliveries = new Map<string, Delivery>();
  const deliveryKey = (delivery: Pick<Delivery, 'tenantId' | 'channel' | 'eventId'>) =>
    tenantKey(delivery.tenantId, `${delivery.channel}#${delivery.eventId}`);

  return {
    getChannel: async (tenantId, name) => {
      const channel = channels.get(tenantKey(tenantId, name));
      return channel ? stored(channel) : undefined;
    },
    listChannels: async (tenantId) => [...channels.values()].filter((channel) => channel.tenantId === tenantId).map(stored),
    async putChannel(channel, change) {
      if (!auditAbsent(tables, [change])) throw new ConflictError('Already recorded', 'already_recorded');
      channels.set(tenantKey(channel.tenantId, channel.name), stored(channel));
      putAudit(tables, change);
    },
    async deleteChannel(tenantId, name, change) {
      if (!channels.has(tenantKey(tenantId, name)) || !auditAbsent(tables, [change])) return false;
      channels.delete(tenantKey(tenantId, name));
      putAudit(tables, change);
      return true;
    },
    async createDelivery(delivery) {
      if (deliveries.has(deliveryKey(delivery))) return false;
      deliveries.set(deliveryKey(delivery), stored(delivery));
      return true;
    },
    async saveDelivery(delivery) {
      deliveries.set(deliveryKey(delivery), stored(delivery));
    },
    listDeliveries: async (tenantId, channel, page) =>
      pageOf(
        [...deliveries.values()].filter((delivery) => delivery.tenantId === tenantId && delivery.channel === channel),
        (delivery) => delivery.eventId,
        page,
        'descending',
      ),
    listDueDeliveries: async (tenantId, at, limit) =>
      [...deliveries.values()]
        .filter((delivery) => delivery.tenantId === tenantId && delivery.status === 'retrying' && delivery.nextAttemptAt! <= at)
        .sort((a, b) => (a.nextAttemptAt! < b.nextAttemptAt! ? -1 : 1))
        .slice(0, limit)
        .map(stored),
  };
}
