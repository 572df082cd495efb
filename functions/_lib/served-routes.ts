/**
 * Which routes a handler serves, kept on the handler itself, so a test can check that every
 * function of the manifest serves exactly the routes the manifest sends to it (a route wired to
 * the wrong function would otherwise answer with that function's logic).
 */
import { routeKey, type RouteSpec } from '../../shared/manifest/route-spec';

const SERVES = Symbol.for('warden.servedRoutes');

/** `handler`, marked as serving `routes`. */
export function serving<H extends object>(handler: H, routes: readonly RouteSpec[]): H {
  Object.defineProperty(handler, SERVES, { value: routes.map(routeKey), enumerable: false });
  return handler;
}

/** The route keys (`METHOD /path`) a handler serves; none for a handler not made for routes. */
export const routesServedBy = (handler: unknown): readonly string[] =>
  (typeof handler === 'function' || (typeof handler === 'object' && handler !== null)
    ? (handler as { [SERVES]?: string[] })[SERVES]
    : undefined) ?? [];
