import { AGENT_ROUTES } from '../../shared/manifest/routes/agent-routes';
import { agentView } from '../../shared/tenancy/agent';
import { tenancyServices } from '../_lib/compose/tenancy';
import { httpRoute } from '../_lib/http-route';

/** GET /v1/agent/self — the calling agent, identified by its API key. */
export const handler = httpRoute(AGENT_ROUTES.agentSelf, tenancyServices, async ({ services, principal }) =>
  agentView(await services.agents.self(principal)),
);
