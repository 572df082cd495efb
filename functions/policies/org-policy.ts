import { ORG_OWNER } from '../../shared/policy-lifecycle/policy-version';
import { ROUTES } from '../../shared/manifest/routes';
import { httpRoute } from '../_lib/http-route';
import { dispatchByRoute } from '../_lib/route-dispatch';

/** The org base policy and the org test library (platform admins). */
export const handler = dispatchByRoute([
  [ROUTES.saveOrgPolicy, httpRoute(ROUTES.saveOrgPolicy, async ({ services, principal, body }) => services.policies.saveOrgDraft(principal, body))],
  [ROUTES.listOrgPolicyVersions, httpRoute(ROUTES.listOrgPolicyVersions, async ({ services, principal, query }) => services.policies.history(principal, ORG_OWNER, 'org', query))],
  [
    ROUTES.publishOrgPolicy,
    httpRoute(ROUTES.publishOrgPolicy, async ({ services, principal, params, body }) => services.policies.publishOrg(principal, Number(params.version), body)),
  ],
  [ROUTES.putOrgPolicyTests, httpRoute(ROUTES.putOrgPolicyTests, async ({ services, principal, body }) => services.policies.putTests(principal, ORG_OWNER, body.scenarios))],
  [ROUTES.getOrgPolicyTests, httpRoute(ROUTES.getOrgPolicyTests, async ({ services, principal }) => services.policies.getTests(principal, ORG_OWNER))],
]);
