/**
 * Notifications in the control table: channels (`<t>#CHANNEL`, written with their change record),
 * each channel's delivery log (`<t>#DELIVERY#<channel>`, by event), and the deliveries waiting for
 * another attempt (`<t>#DELIVERY-DUE`, by when), kept in step with the log in one transaction.
 * Deliveries are kept 30 days.
 */
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../kernel/errors';
import { type Channel, MAX_CHANNELS } from '../../notifications/channel';
import type { Delivery } from '../../notifications/delivery';
import type { NotificationStore } from '../../notifications/notification-ports';
import { changeItem, recordOf } from './item-mapping';
import { controlKeys } from './keys';
import { queryPage, queryRecords } from './query-pages';
import { translateErrors } from './sdk-errors';
import type { TenantClients } from './tenant-clients';
import { type TransactItem, transactWrite } from './transact-write';

const KEEP_DELIVERY_SECONDS = 30 * 86_400;

export function createDynamoDbNotificationStore(clients: TenantClients, tables: { control: string; audit: string }): NotificationStore {
  const table = tables.control;
  const streamed = { streamedTables: new Set([tables.audit]) };
  const deliveryItem = (delivery: Delivery) => ({
    ...controlKeys.delivery(delivery.tenantId, delivery.channel, delivery.eventId),
    itemType: 'delivery',
    ...delivery,
    expiresAtEpoch: Math.floor(Date.parse(delivery.at) / 1000) + KEEP_DELIVERY_SECONDS,
  });
  const dueKey = (delivery: Delivery) =>
    controlKeys.dueDelivery(delivery.tenantId, delivery.nextAttemptAt!, delivery.channel, delivery.eventId);
  const dueItem = (delivery: Delivery) => ({
    ...dueKey(delivery),
    itemType: 'delivery-due',
    channel: delivery.channel,
    eventId: delivery.eventId,
  });

  return {
    async getChannel(tenantId, name) {
      const result = await translateErrors(() =>
        clients
          .forTenant(tenantId)
          .send(new GetCommand({ TableName: table, Key: controlKeys.channel(tenantId, name), ConsistentRead: true })),
      );
      return result.Item ? recordOf<Channel>(result.Item) : undefined;
    },

    listChannels: (tenantId) =>
      queryRecords<Channel>(
        clients.forTenant(tenantId),
        {
          TableName: table,
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': controlKeys.channelPartition(tenantId) },
          ConsistentRead: true,
        },
        MAX_CHANNELS,
      ),

    async putChannel(channel, change) {
      await transactWrite(
        clients.forTenant(channel.tenantId),
        [
          { Put: { TableName: table, Item: { ...controlKeys.channel(channel.tenantId, channel.name), itemType: 'channel', ...channel } } },
          { Put: { TableName: tables.audit, Item: changeItem(change), ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
        { ...streamed, onConditionFailed: () => new ConflictError('Already recorded', 'already_recorded') },
      );
    },

    async deleteChannel(tenantId, name, change) {
      try {
        await transactWrite(
          clients.forTenant(tenantId),
          [
            { Delete: { TableName: table, Key: controlKeys.channel(tenantId, name), ConditionExpression: 'attribute_exists(pk)' } },
            { Put: { TableName: tables.audit, Item: changeItem(change), ConditionExpression: 'attribute_not_exists(pk)' } },
          ],
          { ...streamed, onConditionFailed: () => new ConflictError('No such channel', 'not_found') },
        );
        return true;
      } catch (error) {
        if (error instanceof ConflictError) return false;
        throw error;
      }
    },

    async createDelivery(delivery) {
      const put = { TableName: table, Item: deliveryItem(delivery), ConditionExpression: 'attribute_not_exists(pk)' };
      const exists = () => new ConflictError('Delivery exists', 'delivery_exists');
      try {
        // A delivery created waiting (held by quiet hours) joins the due list in the same write.
        if (delivery.status === 'retrying' && delivery.nextAttemptAt !== undefined)
          await transactWrite(
            clients.forTenant(delivery.tenantId),
            [{ Put: put }, { Put: { TableName: table, Item: dueItem(delivery) } }],
            {
              streamedTables: new Set(),
              onConditionFailed: exists,
            },
          );
        else await translateErrors(() => clients.forTenant(delivery.tenantId).send(new PutCommand(put)), exists);
        return true;
      } catch (error) {
        if (error instanceof ConflictError) return false;
        throw error;
      }
    },

    async saveDelivery(delivery, previous) {
      const items: TransactItem[] = [{ Put: { TableName: table, Item: deliveryItem(delivery) } }];
      if (previous.nextAttemptAt !== undefined && previous.nextAttemptAt !== delivery.nextAttemptAt)
        items.push({ Delete: { TableName: table, Key: dueKey(previous) } });
      if (delivery.status === 'retrying' && delivery.nextAttemptAt !== undefined)
        items.push({ Put: { TableName: table, Item: dueItem(delivery) } });
      await transactWrite(clients.forTenant(delivery.tenantId), items, {
        streamedTables: new Set(),
        onConditionFailed: () => new ConflictError('Delivery changed', 'conflict'),
      });
    },

    listDeliveries: (tenantId, channel, page) =>
      queryPage<Delivery>(
        clients.forTenant(tenantId),
        table,
        { name: 'pk', value: controlKeys.deliveryPartition(tenantId, channel) },
        page,
        'descending',
      ),

    async listDueDeliveries(tenantId, at, limit) {
      const client = clients.forTenant(tenantId);
      const due = await translateErrors(() =>
        client.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'pk = :p AND sk <= :at',
            ExpressionAttributeValues: { ':p': controlKeys.dueDeliveryPartition(tenantId), ':at': `${at}~` },
            Limit: limit,
          }),
        ),
      );
      const deliveries = await Promise.all(
        (due.Items ?? []).map(async (item) => {
          const result = await translateErrors(() =>
            client.send(
              new GetCommand({
                TableName: table,
                Key: controlKeys.delivery(tenantId, String(item.channel), String(item.eventId)),
                ConsistentRead: true,
              }),
            ),
          );
          return result.Item ? recordOf<Delivery>(result.Item) : undefined;
        }),
      );
      return deliveries.filter((delivery): delivery is Delivery => delivery?.status === 'retrying');
    },
  };
}
