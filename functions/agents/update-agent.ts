import { AGENT_ROUTES } from '../../shared/manifest/routes/agent-routes';
import { agentView } from '../../shared/tenancy/agent';
import { onceAsync } from '../_lib/compose/once';
import { policyLifecycle } from '../_lib/compose/policies';
import { tenancyServices } from '../_lib/compose/tenancy';
import { httpRoute } from '../_lib/http-route';

/** The agent registry, and the policy lifecycle that checks pins. */
const registryAndPolicies = onceAsync(async () => ({ ...(await tenancyServices()), policies: await policyLifecycle() }));

/** PATCH /v1/tenants/{tenantId}/agents/{agentId} — change an agent (pins are checked against the policy versions). */
export const handler = httpRoute(AGENT_ROUTES.updateAgent, registryAndPolicies, async ({ services, principal, params, body }) => {
  if (body.pins !== undefined) {
    const current = await services.agents.get(principal, params.tenantId, params.agentId);
    await services.policies.checkPins(
      params.tenantId,
      { id: current.id, team: body.team ?? current.team, role: body.role ?? current.role },
      body.pins,
    );
  }
  return agentView(await services.agents.update(principal, params.tenantId, params.agentId, body));
});
