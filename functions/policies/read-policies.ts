import { tenantOwner } from '../../shared/policy-lifecycle/policy-version';
import { POLICY_ROUTES } from '../../shared/manifest/routes/policy-routes';
import { policyServices } from '../_lib/compose/policies';
import { httpRoute } from '../_lib/http-route';
import { dispatchByRoute } from '../_lib/route-dispatch';

/** The read side of tenant policies: scopes, history, one version, diff, effective policy. */
export const handler = dispatchByRoute([
  [
    POLICY_ROUTES.listPolicies,
    httpRoute(POLICY_ROUTES.listPolicies, policyServices, async ({ services, principal, params }) =>
      services.policies.listScopes(principal, params.tenantId),
    ),
  ],
  [
    POLICY_ROUTES.listPolicyVersions,
    httpRoute(POLICY_ROUTES.listPolicyVersions, policyServices, async ({ services, principal, params, query }) =>
      services.policies.history(principal, tenantOwner(params.tenantId), params.scope, query),
    ),
  ],
  [
    POLICY_ROUTES.getPolicyVersion,
    httpRoute(POLICY_ROUTES.getPolicyVersion, policyServices, async ({ services, principal, params }) =>
      services.policies.getVersion(principal, tenantOwner(params.tenantId), params.scope, Number(params.version)),
    ),
  ],
  [
    POLICY_ROUTES.diffPolicy,
    httpRoute(POLICY_ROUTES.diffPolicy, policyServices, async ({ services, principal, params, query }) =>
      services.policies.diff(principal, params.tenantId, params.scope, query.from, query.to),
    ),
  ],
  [
    POLICY_ROUTES.effectivePolicy,
    httpRoute(POLICY_ROUTES.effectivePolicy, policyServices, async ({ services, principal, params, query }) =>
      services.policies.effectivePolicy(principal, params.tenantId, query.agentId),
    ),
  ],
]);
