import { tenantOwner } from '../../shared/policy-lifecycle/policy-version';
import { readDocumentText } from '../../shared/policy/document-text';
import { POLICY_ROUTES } from '../../shared/manifest/routes/policy-routes';
import { policyServices } from '../_lib/compose/policies';
import { httpRoute } from '../_lib/http-route';
import { dispatchByRoute } from '../_lib/route-dispatch';

/** The tenant's test scenario library: replace, read, run. */
export const handler = dispatchByRoute([
  [
    POLICY_ROUTES.putPolicyTests,
    httpRoute(
      POLICY_ROUTES.putPolicyTests,
      policyServices,
      async ({ services, principal, params, body }) => services.policies.putTests(principal, tenantOwner(params.tenantId), body.scenarios),
      { readYaml: readDocumentText },
    ),
  ],
  [
    POLICY_ROUTES.getPolicyTests,
    httpRoute(POLICY_ROUTES.getPolicyTests, policyServices, async ({ services, principal, params }) =>
      services.policies.getTests(principal, tenantOwner(params.tenantId)),
    ),
  ],
  [
    POLICY_ROUTES.runPolicyTests,
    httpRoute(POLICY_ROUTES.runPolicyTests, policyServices, async ({ services, principal, params, body }) =>
      services.policies.runTests(principal, params.tenantId, body),
    ),
  ],
]);
