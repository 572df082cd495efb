/**
 * One Lambda for several routes of one area: picks the route's handler by the event's `routeKey`
 * (`METHOD /path/{template}`, set by API Gateway and by the local runtime alike).
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { NotFoundError } from '../../shared/kernel/errors';
import { routeKey, type RouteSpec } from '../../shared/manifest/route-spec';
import { errorResponse } from './http-errors';
import { routesServedBy, serving } from './served-routes';

type RouteHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** A handler serving each `[route, handler]` pair by route key; a pair whose handler serves another route fails at load. */
export function dispatchByRoute(pairs: readonly (readonly [RouteSpec, RouteHandler])[]) {
  for (const [route, handle] of pairs) {
    const served = routesServedBy(handle);
    if (served.length > 0 && !served.includes(routeKey(route)))
      throw new Error(`${routeKey(route)} is paired with the handler of ${served.join(', ')}`);
  }
  const handlers = new Map(pairs.map(([route, handle]) => [routeKey(route), handle]));
  const dispatch = async (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    const handle = handlers.get(event.routeKey);
    if (!handle) return errorResponse(new NotFoundError('Route', event.routeKey), event.requestContext?.requestId ?? 'unknown');
    return handle(event, context);
  };
  return serving(
    dispatch,
    pairs.map(([route]) => route),
  );
}
