import { AGENT_ROUTES } from '../../shared/manifest/routes/agent-routes';
import { agentView } from '../../shared/tenancy/agent';
import { tenancyServices } from '../_lib/compose/tenancy';
import { httpRoute } from '../_lib/http-route';

/** POST /v1/tenants/{tenantId}/agents/{agentId}/rotate-key — issue a new key with a grace period for the old. */
export const handler = httpRoute(AGENT_ROUTES.rotateAgentKey, tenancyServices, async ({ services, principal, params, body }) => {
  const { agent, apiKey } = await services.agents.rotateKey(principal, params.tenantId, params.agentId, body);
  return { agent: agentView(agent), apiKey };
});
