import { tenantOwner } from '../../shared/policy-lifecycle/policy-version';
import { ROUTES } from '../../shared/manifest/routes';
import { httpRoute } from '../_lib/http-route';
import { dispatchByRoute } from '../_lib/route-dispatch';

/** The read side of tenant policies: scopes, history, one version, diff, effective policy. */
export const handler = dispatchByRoute([
  [ROUTES.listPolicies, httpRoute(ROUTES.listPolicies, async ({ services, principal, params }) => services.policies.listScopes(principal, params.tenantId))],
  [
    ROUTES.listPolicyVersions,
    httpRoute(ROUTES.listPolicyVersions, async ({ services, principal, params, query }) => services.policies.history(principal, tenantOwner(params.tenantId), params.scope, query)),
  ],
  [
    ROUTES.getPolicyVersion,
    httpRoute(ROUTES.getPolicyVersion, async ({ services, principal, params }) =>
      services.policies.getVersion(principal, tenantOwner(params.tenantId), params.scope, Number(params.version)),
    ),
  ],
  [ROUTES.diffPolicy, httpRoute(ROUTES.diffPolicy, async ({ services, principal, params, query }) => services.policies.diff(principal, params.tenantId, params.scope, query.from, query.to))],
  [ROUTES.effectivePolicy, httpRoute(ROUTES.effectivePolicy, async ({ services, principal, params, query }) => services.policies.effectivePolicy(principal, params.tenantId, query.agentId))],
]);
