import { AUDIT_ROUTES } from '../../shared/manifest/routes/audit-routes';
import { auditServices } from '../_lib/compose/audit';
import { httpRoute } from '../_lib/http-route';

/** GET /v1/tenants/{tenantId}/audit — decisions and changes, newest first. */
export const handler = httpRoute(AUDIT_ROUTES.queryAudit, auditServices, async ({ services, principal, params, query }) =>
  services.auditLog.query(principal, params.tenantId, query),
);
