import { AGENT_ROUTES } from '../../shared/manifest/routes/agent-routes';
import { agentView } from '../../shared/tenancy/agent';
import { tenancyServices } from '../_lib/compose/tenancy';
import { httpRoute } from '../_lib/http-route';

/** GET /v1/tenants/{tenantId}/agents/{agentId} — read an agent. */
export const handler = httpRoute(AGENT_ROUTES.getAgent, tenancyServices, async ({ services, principal, params }) =>
  agentView(await services.agents.get(principal, params.tenantId, params.agentId)),
);
