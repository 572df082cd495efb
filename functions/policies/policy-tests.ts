import { tenantOwner } from '../../shared/policy-lifecycle/policy-version';
import { ROUTES } from '../../shared/manifest/routes';
import { httpRoute } from '../_lib/http-route';
import { dispatchByRoute } from '../_lib/route-dispatch';

/** The tenant's test scenario library: replace, read, run. */
export const handler = dispatchByRoute([
  [ROUTES.putPolicyTests, httpRoute(ROUTES.putPolicyTests, async ({ services, principal, params, body }) => services.policies.putTests(principal, tenantOwner(params.tenantId), body.scenarios))],
  [ROUTES.getPolicyTests, httpRoute(ROUTES.getPolicyTests, async ({ services, principal, params }) => services.policies.getTests(principal, tenantOwner(params.tenantId)))],
  [ROUTES.runPolicyTests, httpRoute(ROUTES.runPolicyTests, async ({ services, principal, params, body }) => services.policies.runTests(principal, params.tenantId, body))],
]);
