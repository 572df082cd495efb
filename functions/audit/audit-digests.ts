import { AUDIT_ROUTES } from '../../shared/manifest/routes/audit-routes';
import { auditDigestServices } from '../_lib/compose/audit-digests';
import { tenantStates } from '../_lib/compose/tenancy-store';
import { HttpResult, httpRoute } from '../_lib/http-route';
import { dispatchByRoute } from '../_lib/route-dispatch';

/**
 * GET /v1/tenants/{tenantId}/audit/digests (signed digests, oldest first), POST .../audit/verify
 * (the first break between the log and its digests) and GET /v1/audit/digest-keys (their JWKS).
 */
export const handler = dispatchByRoute([
  [
    AUDIT_ROUTES.listAuditDigests,
    httpRoute(AUDIT_ROUTES.listAuditDigests, auditDigestServices, async ({ services, principal, params, query }) =>
      services.digests.list(principal, params.tenantId, query),
    ),
  ],
  [
    AUDIT_ROUTES.verifyAudit,
    httpRoute(AUDIT_ROUTES.verifyAudit, auditDigestServices, async ({ services, principal, params, body }) =>
      services.digests.verify(principal, params.tenantId, body),
    ),
  ],
  [
    AUDIT_ROUTES.auditDigestKeys,
    httpRoute(
      AUDIT_ROUTES.auditDigestKeys,
      async () => ({ tenantStates: tenantStates() }),
      async () => new HttpResult(200, await (await auditDigestServices()).digests.keys(), { 'cache-control': 'public, max-age=300' }),
    ),
  ],
]);
