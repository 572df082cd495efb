import { NOTIFICATION_ROUTES as ROUTES } from '../../shared/manifest/routes/notification-routes';
import { notificationServices } from '../_lib/compose/notifications';
import { HttpResult, httpRoute } from '../_lib/http-route';
import { dispatchByRoute } from '../_lib/route-dispatch';

/** PUT, GET, DELETE .../channels/{channel}; GET .../channels; POST .../test; GET .../deliveries. */
export const handler = dispatchByRoute([
  [
    ROUTES.putChannel,
    httpRoute(ROUTES.putChannel, notificationServices, async ({ services, principal, params, body }) => {
      const saved = await services.notifications.putChannel(principal, params.tenantId, params.channel, body);
      const { created, ...answer } = saved;
      return new HttpResult(created ? 201 : 200, answer);
    }),
  ],
  [
    ROUTES.getChannel,
    httpRoute(ROUTES.getChannel, notificationServices, ({ services, principal, params }) =>
      services.notifications.getChannel(principal, params.tenantId, params.channel),
    ),
  ],
  [
    ROUTES.deleteChannel,
    httpRoute(ROUTES.deleteChannel, notificationServices, async ({ services, principal, params }) => {
      await services.notifications.deleteChannel(principal, params.tenantId, params.channel);
      return undefined;
    }),
  ],
  [
    ROUTES.listChannels,
    httpRoute(ROUTES.listChannels, notificationServices, ({ services, principal, params }) =>
      services.notifications.listChannels(principal, params.tenantId),
    ),
  ],
  [
    ROUTES.testChannel,
    httpRoute(ROUTES.testChannel, notificationServices, ({ services, principal, params }) =>
      services.notifications.testChannel(principal, params.tenantId, params.channel),
    ),
  ],
  [
    ROUTES.listDeliveries,
    httpRoute(ROUTES.listDeliveries, notificationServices, ({ services, principal, params, query }) =>
      services.notifications.listDeliveries(principal, params.tenantId, params.channel, query),
    ),
  ],
]);
