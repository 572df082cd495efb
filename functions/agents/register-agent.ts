import { AGENT_ROUTES } from '../../shared/manifest/routes/agent-routes';
import { agentView } from '../../shared/tenancy/agent';
import { agentRegistrationServices } from '../_lib/compose/agent-registration';
import { httpRoute } from '../_lib/http-route';

/** POST /v1/tenants/{tenantId}/agents — register an agent; the response holds its API key, once. */
export const handler = httpRoute(AGENT_ROUTES.registerAgent, agentRegistrationServices, async ({ services, principal, params, body }) => {
  const { agent, apiKey } = await services.agents.register(principal, params.tenantId, body);
  return { agent: agentView(agent), apiKey };
});
