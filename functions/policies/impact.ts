import { ROUTES } from '../../shared/manifest/routes';
import { httpRoute } from '../_lib/http-route';

/** POST .../policies/{scope}/versions/{version}/impact — what a version would change, from recent audited requests. */
export const handler = httpRoute(ROUTES.policyImpact, async ({ services, principal, params, body }) =>
  services.policies.impact(principal, params.tenantId, params.scope, Number(params.version), body),
);
