import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MANIFEST } from '../../../shared/manifest';
import { routeKey } from '../../../shared/manifest/route-spec';
import { routesServedBy } from '../../../functions/_lib/served-routes';
import { dispatchByRoute } from '../../../functions/_lib/route-dispatch';
import { publicRoute } from '../../../functions/_lib/public-route';
import { PLATFORM_ROUTES } from '../../../shared/manifest/routes/platform-routes';

const root = join(import.meta.dirname, '../../..');
const routedFunctions = MANIFEST.functions.filter((fn) => MANIFEST.routes.some((route) => route.function === fn.id));

describe('Route wiring', () => {
  it.each(routedFunctions.map((fn) => [fn.id, fn] as const))('%s serves exactly the routes the manifest sends to it', async (_id, fn) => {
    const module = (await import(join(root, fn.entry))) as { handler: unknown };
    const expected = MANIFEST.routes
      .filter((route) => route.function === fn.id)
      .map(routeKey)
      .sort();
    expect([...routesServedBy(module.handler)].sort()).toEqual(expected);
  });

  it('sees a handler that serves another route than the manifest says', () => {
    const wrong = publicRoute(PLATFORM_ROUTES.health, async () => ({ status: 'ok' }));
    expect(routesServedBy(wrong)).toEqual([routeKey(PLATFORM_ROUTES.health)]);
    expect(routesServedBy(wrong)).not.toContain(routeKey(PLATFORM_ROUTES.openapi));
  });

  it('refuses to pair a route with the handler of another', () => {
    const health = publicRoute(PLATFORM_ROUTES.health, async () => ({ status: 'ok' }));
    expect(() => dispatchByRoute([[PLATFORM_ROUTES.openapi, health]])).toThrow(
      /GET \/openapi.json is paired with the handler of GET \/health/,
    );
  });
});
