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
} as const satisfies Record<string, RouteSpec>;
