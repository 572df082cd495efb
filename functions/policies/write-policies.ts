import { ROUTES } from '../../shared/manifest/routes';
import { httpRoute } from '../_lib/http-route';
import { dispatchByRoute } from '../_lib/route-dispatch';

/** PUT .../policies/{scope}, POST .../versions/{version}/publish, POST .../rollback. */
export const handler = dispatchByRoute([
  [ROUTES.savePolicy, httpRoute(ROUTES.savePolicy, async ({ services, principal, params, body }) => services.policies.saveDraft(principal, params.tenantId, params.scope, body))],
  [
    ROUTES.publishPolicy,
    httpRoute(ROUTES.publishPolicy, async ({ services, principal, params, body }) => services.policies.publish(principal, params.tenantId, params.scope, Number(params.version), body)),
  ],
  [ROUTES.rollbackPolicy, httpRoute(ROUTES.rollbackPolicy, async ({ services, principal, params, body }) => services.policies.rollback(principal, params.tenantId, params.scope, body))],
]);
