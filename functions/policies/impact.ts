import { POLICY_ROUTES } from '../../shared/manifest/routes/policy-routes';
import { policyServices } from '../_lib/compose/policies';
import { httpRoute } from '../_lib/http-route';

/** POST .../policies/{scope}/versions/{version}/impact — what a version would change, from recent audited requests. */
export const handler = httpRoute(POLICY_ROUTES.policyImpact, policyServices, async ({ services, principal, params, body }) =>
  services.policies.impact(principal, params.tenantId, params.scope, Number(params.version), body),
);
