import { AGENT_ROUTES } from '../../shared/manifest/routes/agent-routes';
import { agentView } from '../../shared/tenancy/agent';
import { onceAsync } from '../_lib/compose/once';
import { pinCheck } from '../_lib/compose/policy-store';
import { tenancyServices } from '../_lib/compose/tenancy';
import { httpRoute } from '../_lib/http-route';

/** The agent registry, and the check of pins against the policy versions. */
const registryAndPins = onceAsync(async () => ({
  ...(await tenancyServices()),
  checkPins: pinCheck(),
}));

/** PATCH /v1/tenants/{tenantId}/agents/{agentId} — change an agent (pins are checked against the policy versions). */
export const handler = httpRoute(AGENT_ROUTES.updateAgent, registryAndPins, async ({ services, principal, params, body }) => {
  if (body.pins !== undefined) {
    const current = await services.agents.get(principal, params.tenantId, params.agentId);
    await services.checkPins(
      params.tenantId,
      { id: current.id, team: body.team ?? current.team, role: body.role ?? current.role },
      body.pins,
    );
  }
  return agentView(await services.agents.update(principal, params.tenantId, params.agentId, body));
});
