import { ROUTES } from '../../shared/manifest/routes';
import { agentView } from '../../shared/tenancy/agent';
import { httpRoute } from '../_lib/http-route';

/** POST /v1/tenants/{tenantId}/agents/{agentId}/rotate-key — issue a new key with a grace period for the old. */
export const handler = httpRoute(ROUTES.rotateAgentKey, async ({ services, principal, params, body }) => {
  const { agent, apiKey } = await services.agents.rotateKey(principal, params.tenantId, params.agentId, body);
  return { agent: agentView(agent), apiKey };
});
