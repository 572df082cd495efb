import { ROUTES } from '../../shared/manifest/routes';
import { agentView } from '../../shared/tenancy/agent';
import { httpRoute } from '../_lib/http-route';

/** PATCH /v1/tenants/{tenantId}/agents/{agentId} — change an agent. */
export const handler = httpRoute(ROUTES.updateAgent, async ({ services, principal, params, body }) =>
  agentView(await services.agents.update(principal, params.tenantId, params.agentId, body)),
);
