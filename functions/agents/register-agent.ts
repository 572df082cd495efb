import { ROUTES } from '../../shared/manifest/routes';
import { agentView } from '../../shared/tenancy/agent';
import { httpRoute } from '../_lib/http-route';

/** POST /v1/tenants/{tenantId}/agents — register an agent; the response holds its API key, once. */
export const handler = httpRoute(ROUTES.registerAgent, async ({ services, principal, params, body }) => {
  const { agent, apiKey } = await services.agents.register(principal, params.tenantId, body);
  return { agent: agentView(agent), apiKey };
});
