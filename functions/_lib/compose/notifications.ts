/**
 * Notifications: channels for the routes, the event consumer's deliveries and the retry job, with
 * the webhook sender (loopback receivers allowed only where the configuration says: locally) and
 * the tenant's quiet hours, read through the monitoring store.
 */
import { createDynamoDbNotificationStore } from '../../../shared/adapters/dynamodb/dynamodb-notification-store';
import { createWebhookSender } from '../../../shared/adapters/http/webhook-sender';
import { readAll } from '../../../shared/kernel/paginate';
import { DEFAULT_MONITORING_SETTINGS } from '../../../shared/monitoring/monitoring-settings';
import { createNotifications } from '../../../shared/notifications/notifications';
import { config } from '../config';
import { tableClients, tables } from './dynamodb';
import { clock, ids } from './kernel';
import { cursors } from './cursors';
import { monitoringStore } from './monitoring-store';
import { onceAsync } from './once';
import { tenancyStore, tenantStates } from './tenancy-store';

/** The notifications use cases. */
export const notifications = onceAsync(async () => {
  const addresses = { allowLoopback: config().webhookLoopback };
  return createNotifications({
    store: createDynamoDbNotificationStore(tableClients(), tables()),
    sender: createWebhookSender(addresses),
    clock: clock(),
    ids: ids(),
    cursors: await cursors(),
    addresses,
    tenants: async () =>
      (
        await readAll(
          (page) => tenancyStore().listTenants(page),
          (tenant) => tenant.id,
          500,
        )
      ).filter((tenant) => tenant.status === 'active'),
    settings: async (tenantId) => (await monitoringStore().getSettings(tenantId)) ?? DEFAULT_MONITORING_SETTINGS,
  });
});

/** What the channel routes use. */
export const notificationServices = onceAsync(async () => ({ tenantStates: tenantStates(), notifications: await notifications() }));
