/**
 * The agents' decision routes.
 */
import { AuthorizeBatchSchema, AuthorizeRequestSchema } from '../../decisions/decision-record';
import type { RouteSpec } from '../route-spec';

export const DECISION_ROUTES = {
  authorize: {
    method: 'POST',
    path: '/v1/authorize',
    function: 'authorize',
    auth: 'agent',
    tag: 'agent API',
    refusesSuspendedItself: true,
    summary:
      'Decide one request of the calling agent; recorded in the audit log before the answer (Idempotency-Key header honoured for 10 minutes)',
    body: AuthorizeRequestSchema,
  },
  authorizeBatch: {
    method: 'POST',
    path: '/v1/authorize/batch',
    function: 'authorize',
    auth: 'agent',
    tag: 'agent API',
    refusesSuspendedItself: true,
    summary: 'Decide 1 to 100 requests, answered in order; all are recorded or none',
    body: AuthorizeBatchSchema,
  },
  agentBundle: {
    method: 'GET',
    path: '/v1/agent/bundle',
    function: 'agent-bundle',
    auth: 'agent',
    tag: 'agent API',
    summary:
      "The calling agent's signed policy bundle (compact JWS, EdDSA) for a local evaluator: its scopes' active documents, grants and quarantine; ETag / If-None-Match → 304",
  },
  bundleKeys: {
    method: 'GET',
    path: '/v1/agent/bundle/keys',
    function: 'agent-bundle',
    auth: 'none',
    tag: 'agent API',
    summary: 'The public keys (JWKS) that verify policy bundles',
  },
} as const satisfies Record<string, RouteSpec>;
