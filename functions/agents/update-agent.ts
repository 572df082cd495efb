import { ROUTES } from '../../shared/manifest/routes';
import { agentView } from '../../shared/tenancy/agent';
import { httpRoute } from '../_lib/http-route';

/** PATCH /v1/tenants/{tenantId}/agents/{agentId} — change an agent (pins are checked against the policy versions). */
export const handler = httpRoute(ROUTES.updateAgent, async ({ services, principal, params, body }) => {
  if (body.pins !== undefined) {
    const current = await services.agents.get(principal, params.tenantId, params.agentId);
    await services.policies.checkPins(params.tenantId, { id: current.id, team: body.team ?? current.team, role: body.role ?? current.role }, body.pins);
  }
  return agentView(await services.agents.update(principal, params.tenantId, params.agentId, body));
});
