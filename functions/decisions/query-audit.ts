import { ROUTES } from '../../shared/manifest/routes';
import { httpRoute } from '../_lib/http-route';

/** GET /v1/tenants/{tenantId}/audit — decisions and changes, newest first. */
export const handler = httpRoute(ROUTES.queryAudit, async ({ services, principal, params, query }) => services.auditLog.query(principal, params.tenantId, query));
