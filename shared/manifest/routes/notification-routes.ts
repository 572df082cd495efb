/**
 * The notification channel routes.
 */
import { ChannelInputSchema } from '../../notifications/channel';
import { DeliveriesQuerySchema } from '../../notifications/notifications';
import type { RouteSpec } from '../route-spec';
import { TENANT_PATH } from './route-parts';

const CHANNEL_PATH = `${TENANT_PATH}/channels/{channel}`;
const base = { function: 'channels', auth: 'operator', tag: 'notifications' } as const;

export const NOTIFICATION_ROUTES = {
  putChannel: {
    ...base,
    method: 'PUT',
    path: CHANNEL_PATH,
    permission: 'channel:write',
    summary: 'Create or replace a webhook channel; its secret is shown once, when created',
    body: ChannelInputSchema,
  },
  getChannel: { ...base, method: 'GET', path: CHANNEL_PATH, permission: 'channel:read', summary: 'A channel (never its secret)' },
  deleteChannel: {
    ...base,
    method: 'DELETE',
    path: CHANNEL_PATH,
    permission: 'channel:write',
    summary: 'Delete a channel',
    successStatus: 204,
  },
  listChannels: { ...base, method: 'GET', path: `${TENANT_PATH}/channels`, permission: 'channel:read', summary: "The tenant's channels" },
  testChannel: {
    ...base,
    method: 'POST',
    path: `${CHANNEL_PATH}/test`,
    permission: 'channel:write',
    summary: 'Send a test delivery now; answers with its outcome',
  },
  listDeliveries: {
    ...base,
    method: 'GET',
    path: `${CHANNEL_PATH}/deliveries`,
    permission: 'channel:read',
    summary: "A channel's deliveries, newest first: status, attempts, last status code",
    query: DeliveriesQuerySchema,
  },
} as const satisfies Record<string, RouteSpec>;
