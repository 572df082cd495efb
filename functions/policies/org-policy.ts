import { ORG_OWNER } from '../../shared/policy-lifecycle/policy-version';
import { readDocumentText } from '../../shared/policy/document-text';
import { POLICY_ROUTES } from '../../shared/manifest/routes/policy-routes';
import { TEMPLATE_ROUTES } from '../../shared/manifest/routes/template-routes';
import { orgTemplateServices } from '../_lib/compose/org-templates';
import { policyServices } from '../_lib/compose/policies';
import { httpRoute } from '../_lib/http-route';
import { dispatchByRoute } from '../_lib/route-dispatch';

/** The org base policy, the org test library, and org templates (platform admins). */
export const handler = dispatchByRoute([
  [
    POLICY_ROUTES.saveOrgPolicy,
    httpRoute(
      POLICY_ROUTES.saveOrgPolicy,
      policyServices,
      async ({ services, principal, body }) => services.policies.saveOrgDraft(principal, body),
      { readYaml: readDocumentText },
    ),
  ],
  [
    POLICY_ROUTES.listOrgPolicyVersions,
    httpRoute(POLICY_ROUTES.listOrgPolicyVersions, policyServices, async ({ services, principal, query }) =>
      services.policies.history(principal, ORG_OWNER, 'org', query),
    ),
  ],
  [
    POLICY_ROUTES.publishOrgPolicy,
    httpRoute(POLICY_ROUTES.publishOrgPolicy, policyServices, async ({ services, principal, params, body }) =>
      services.policies.publishOrg(principal, Number(params.version), body),
    ),
  ],
  [
    POLICY_ROUTES.putOrgPolicyTests,
    httpRoute(
      POLICY_ROUTES.putOrgPolicyTests,
      policyServices,
      async ({ services, principal, body }) => services.policies.putTests(principal, ORG_OWNER, body.scenarios),
      { readYaml: readDocumentText },
    ),
  ],
  [
    POLICY_ROUTES.getOrgPolicyTests,
    httpRoute(POLICY_ROUTES.getOrgPolicyTests, policyServices, async ({ services, principal }) =>
      services.policies.getTests(principal, ORG_OWNER),
    ),
  ],
  [
    TEMPLATE_ROUTES.putOrgTemplate,
    httpRoute(TEMPLATE_ROUTES.putOrgTemplate, orgTemplateServices, async ({ services, principal, params, body }) =>
      services.orgTemplates.put(principal, params.templateId, body),
    ),
  ],
  [
    TEMPLATE_ROUTES.listOrgTemplateVersions,
    httpRoute(TEMPLATE_ROUTES.listOrgTemplateVersions, orgTemplateServices, async ({ services, principal, params, query }) =>
      services.orgTemplates.versions(principal, params.templateId, query),
    ),
  ],
  [
    TEMPLATE_ROUTES.requireTemplate,
    httpRoute(TEMPLATE_ROUTES.requireTemplate, orgTemplateServices, async ({ services, principal, params, body }) =>
      services.orgTemplates.require(principal, params.templateId, body),
    ),
  ],
]);
