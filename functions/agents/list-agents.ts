import { ROUTES } from '../../shared/manifest/routes';
import { agentView } from '../../shared/tenancy/agent';
import { httpRoute } from '../_lib/http-route';

/** GET /v1/tenants/{tenantId}/agents — list agents, filtered. */
export const handler = httpRoute(ROUTES.listAgents, async ({ services, principal, params, query }) => {
  const page = await services.agents.list(principal, params.tenantId, query);
  return { ...page, items: page.items.map(agentView) };
});
