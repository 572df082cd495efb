import { ROUTES } from '../../shared/manifest/routes';
import { agentView } from '../../shared/tenancy/agent';
import { httpRoute } from '../_lib/http-route';

/** GET /v1/tenants/{tenantId}/agents/{agentId} — read an agent. */
export const handler = httpRoute(ROUTES.getAgent, async ({ services, principal, params }) =>
  agentView(await services.agents.get(principal, params.tenantId, params.agentId)),
);
