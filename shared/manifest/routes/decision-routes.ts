/**
 * The agents' decision routes.
 */
import * as z from 'zod';
import { DecisionLogBatchSchema } from '../../decisions/decision-logs';
import { AuthorizeBatchSchema, AuthorizeRequestSchema } from '../../decisions/decision-record';
import type { RouteSpec } from '../route-spec';

/** Quota units a bundle request may lease at once. */
export const MAX_LEASE_UNITS = 10_000;

/** `GET /v1/agent/bundle` query: `lease`, quota units to lease with the bundle. */
const BundleQuerySchema = z.object({ lease: z.coerce.number().int().min(1).max(MAX_LEASE_UNITS).optional() }).strict();

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
      "The calling agent's signed policy bundle (compact JWS, EdDSA) for a local evaluator: its scopes' active documents, grants and " +
      'quarantine; ETag / If-None-Match → 304; `?lease=N` adds a lease of up to N quota units (always 200)',
    query: BundleQuerySchema,
  },
  bundleKeys: {
    method: 'GET',
    path: '/v1/agent/bundle/keys',
    function: 'agent-bundle',
    auth: 'none',
    tag: 'agent API',
    summary: 'The public keys (JWKS) that verify policy bundles',
  },
  decisionLogs: {
    method: 'POST',
    path: '/v1/decision-logs',
    function: 'agent-bundle',
    auth: 'agent',
    tag: 'agent API',
    // A suspended agent still ships what it decided before the suspension reached it.
    refusesSuspendedItself: true,
    summary:
      'Up to 1,000 decisions a local evaluator made with a policy bundle: recorded in the audit log (`origin: local`) and metered like any ' +
      'decision, once per `localId`; answers `{accepted, duplicates, rejected: [{localId, reason}]}`',
    body: DecisionLogBatchSchema,
  },
} as const satisfies Record<string, RouteSpec>;
