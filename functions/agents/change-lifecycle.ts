import { AGENT_ROUTES } from '../../shared/manifest/routes/agent-routes';
import { agentView } from '../../shared/tenancy/agent';
import type { LifecycleMove } from '../../shared/tenancy/agent-registry';
import { tenancyServices } from '../_lib/compose/tenancy';
import { httpRoute } from '../_lib/http-route';
import { dispatchByRoute } from '../_lib/route-dispatch';

const move = (
  name: LifecycleMove,
  route: typeof AGENT_ROUTES.suspendAgent | typeof AGENT_ROUTES.reinstateAgent | typeof AGENT_ROUTES.decommissionAgent,
) =>
  httpRoute(route, tenancyServices, async ({ services, principal, params, body }) =>
    agentView(await services.agents.changeLifecycle(principal, params.tenantId, params.agentId, name, body)),
  );

/** POST .../agents/{agentId}/suspend | /reinstate | /decommission — one function for the three lifecycle routes. */
export const handler = dispatchByRoute([
  [AGENT_ROUTES.suspendAgent, move('suspend', AGENT_ROUTES.suspendAgent)],
  [AGENT_ROUTES.reinstateAgent, move('reinstate', AGENT_ROUTES.reinstateAgent)],
  [AGENT_ROUTES.decommissionAgent, move('decommission', AGENT_ROUTES.decommissionAgent)],
]);
