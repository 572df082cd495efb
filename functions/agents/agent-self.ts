import { ROUTES } from '../../shared/manifest/routes';
import { agentView } from '../../shared/tenancy/agent';
import { httpRoute } from '../_lib/http-route';

/** GET /v1/agent/self — the calling agent, identified by its API key. */
export const handler = httpRoute(ROUTES.agentSelf, async ({ services, principal }) => agentView(await services.agents.self(principal)));
