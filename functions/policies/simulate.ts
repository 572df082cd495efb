import { ROUTES } from '../../shared/manifest/routes';
import { httpRoute } from '../_lib/http-route';

/** POST /v1/tenants/{tenantId}/simulate — an explained decision; nothing recorded, no quota used. */
export const handler = httpRoute(ROUTES.simulate, async ({ services, principal, params, body }) => {
  const { agentId, agent, ...rest } = body;
  return services.policies.simulate(principal, params.tenantId, agentId !== undefined ? { agentId, ...rest } : { agent: agent!, ...rest });
});
