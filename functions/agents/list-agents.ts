import { AGENT_ROUTES } from '../../shared/manifest/routes/agent-routes';
import { agentView } from '../../shared/tenancy/agent';
import { tenancyServices } from '../_lib/compose/tenancy';
import { httpRoute } from '../_lib/http-route';

/** GET /v1/tenants/{tenantId}/agents — list agents, filtered. */
export const handler = httpRoute(AGENT_ROUTES.listAgents, tenancyServices, async ({ services, principal, params, query }) => {
  const page = await services.agents.list(principal, params.tenantId, query);
  return { ...page, items: page.items.map(agentView) };
});
