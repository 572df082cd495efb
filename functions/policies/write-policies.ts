import { readDocumentText } from '../../shared/policy/document-text';
import { POLICY_ROUTES } from '../../shared/manifest/routes/policy-routes';
import { policyServices } from '../_lib/compose/policies';
import { httpRoute } from '../_lib/http-route';
import { dispatchByRoute } from '../_lib/route-dispatch';

/** PUT .../policies/{scope}, POST .../versions/{version}/publish, POST .../rollback. */
export const handler = dispatchByRoute([
  [
    POLICY_ROUTES.savePolicy,
    httpRoute(
      POLICY_ROUTES.savePolicy,
      policyServices,
      async ({ services, principal, params, body }) => services.policies.saveDraft(principal, params.tenantId, params.scope, body),
      { readYaml: readDocumentText },
    ),
  ],
  [
    POLICY_ROUTES.publishPolicy,
    httpRoute(POLICY_ROUTES.publishPolicy, policyServices, async ({ services, principal, params, body }) =>
      services.policies.publish(principal, params.tenantId, params.scope, Number(params.version), body),
    ),
  ],
  [
    POLICY_ROUTES.rollbackPolicy,
    httpRoute(POLICY_ROUTES.rollbackPolicy, policyServices, async ({ services, principal, params, body }) =>
      services.policies.rollback(principal, params.tenantId, params.scope, body),
    ),
  ],
]);
