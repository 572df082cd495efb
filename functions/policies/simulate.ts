import { POLICY_ROUTES } from '../../shared/manifest/routes/policy-routes';
import { policyServices } from '../_lib/compose/policies';
import { httpRoute } from '../_lib/http-route';

/** POST /v1/tenants/{tenantId}/simulate — an explained decision; nothing recorded, no quota used. */
export const handler = httpRoute(POLICY_ROUTES.simulate, policyServices, async ({ services, principal, params, body }) => {
  const { agentId, agent, ...rest } = body;
  return services.policies.simulate(principal, params.tenantId, agentId !== undefined ? { agentId, ...rest } : { agent: agent!, ...rest });
});
