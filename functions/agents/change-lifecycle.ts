import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { ROUTES } from '../../shared/manifest/routes';
import { agentView } from '../../shared/tenancy/agent';
import type { LifecycleMove } from '../../shared/tenancy/agent-registry';
import { httpRoute } from '../_lib/http-route';

const move = (name: LifecycleMove, route: typeof ROUTES.suspendAgent | typeof ROUTES.reinstateAgent | typeof ROUTES.decommissionAgent) =>
  httpRoute(route, async ({ services, principal, params, body }) =>
    agentView(await services.agents.changeLifecycle(principal, params.tenantId, params.agentId, name, body)),
  );

const moves = {
  suspend: move('suspend', ROUTES.suspendAgent),
  reinstate: move('reinstate', ROUTES.reinstateAgent),
  decommission: move('decommission', ROUTES.decommissionAgent),
};

/**
 * POST .../agents/{agentId}/suspend | /reinstate | /decommission — one function for the three
 * lifecycle routes; the last path segment names the move.
 */
export const handler = (event: APIGatewayProxyEventV2, context: Context) =>
  moves[(event.rawPath.split('/').pop() ?? '') as LifecycleMove].call(undefined, event, context);
