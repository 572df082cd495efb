import { AGENT_ROUTES } from '../../shared/manifest/routes/agent-routes';
import { tenancyServices } from '../_lib/compose/tenancy';
import { httpRoute } from '../_lib/http-route';

/**
 * POST /v1/agent/self/rotate-key — the calling agent, identified by its API key, rotates that key
 * before it expires; its earlier keys stay valid for `graceMinutes` (the operator route's rotation).
 */
export const handler = httpRoute(AGENT_ROUTES.rotateOwnKey, tenancyServices, async ({ services, principal, body }) => {
  const { apiKey, keyId, expiresAt } = await services.agents.rotateOwnKey(principal, body);
  return { apiKey, keyId, expiresAt };
});
