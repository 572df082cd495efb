import { BUNDLE_MEDIA_TYPE } from '../../shared/auth/bundle-keys';
import { bundleEtag, issueBundle } from '../../shared/decisions/policy-bundle';
import { DECISION_ROUTES } from '../../shared/manifest/routes/decision-routes';
import { bundleSigner } from '../_lib/compose/bundles';
import { decisionServices } from '../_lib/compose/decisions';
import { clock } from '../_lib/compose/kernel';
import { tenantStates } from '../_lib/compose/tenancy-store';
import { HttpResult, httpRoute } from '../_lib/http-route';
import { dispatchByRoute } from '../_lib/route-dispatch';

/** Whether an If-None-Match header names `etag` (a list, or `*`). */
const matches = (header: string | undefined, etag: string) =>
  header !== undefined && header.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*');

/**
 * GET /v1/agent/bundle — the calling agent's signed policy bundle (304 while its content is the one
 * the agent holds, unless it asks for a quota lease); GET /v1/agent/bundle/keys — the keys that
 * verify bundles; POST /v1/decision-logs — the decisions its local evaluator made.
 */
export const handler = dispatchByRoute([
  [
    DECISION_ROUTES.agentBundle,
    httpRoute(DECISION_ROUTES.agentBundle, decisionServices, async ({ services, principal, headers, query }) => {
      const signer = await bundleSigner();
      const { content, lease } = await services.decisions.bundleContent(principal, { leaseUnits: query.lease });
      const etag = bundleEtag(content, signer.tag);
      const cache = { etag, 'cache-control': 'private, no-cache' };
      if (query.lease === undefined && matches(headers['if-none-match'], etag)) return new HttpResult(304, undefined, cache);
      const signed = await signer.sign(issueBundle(content, clock().nowMs(), etag, lease));
      return HttpResult.text(200, signed, BUNDLE_MEDIA_TYPE, cache);
    }),
  ],
  [
    DECISION_ROUTES.decisionLogs,
    httpRoute(DECISION_ROUTES.decisionLogs, decisionServices, async ({ services, principal, body }) =>
      services.decisions.recordLocal(principal, body.decisions, (await bundleSigner()).tag, { resent: body.resent }),
    ),
  ],
  [
    DECISION_ROUTES.bundleKeys,
    httpRoute(
      DECISION_ROUTES.bundleKeys,
      async () => ({ tenantStates: tenantStates() }),
      async () => new HttpResult(200, (await bundleSigner()).jwks, { 'cache-control': 'public, max-age=300' }),
    ),
  ],
]);
