import type { AuditExportResult } from '../../shared/audit/ocsf';
import { AUDIT_ROUTES } from '../../shared/manifest/routes/audit-routes';
import { auditServices } from '../_lib/compose/audit';
import { auditExportServices } from '../_lib/compose/audit-export';
import { HttpResult, httpRoute } from '../_lib/http-route';
import { dispatchByRoute } from '../_lib/route-dispatch';

/** An inline export is sent as NDJSON text; a large one as a JSON body with its download link. */
const exported = (result: AuditExportResult) =>
  result.kind === 'inline' ? HttpResult.text(200, result.body, result.contentType) : { download: result.download };

/** GET /v1/tenants/{tenantId}/audit (decisions and changes, newest first) and .../audit/export (OCSF NDJSON). */
export const handler = dispatchByRoute([
  [
    AUDIT_ROUTES.queryAudit,
    httpRoute(AUDIT_ROUTES.queryAudit, auditServices, async ({ services, principal, params, query }) =>
      services.auditLog.query(principal, params.tenantId, query),
    ),
  ],
  [
    AUDIT_ROUTES.exportAudit,
    httpRoute(AUDIT_ROUTES.exportAudit, auditExportServices, async ({ services, principal, params, query }) =>
      exported(await services.auditExport.export(principal, params.tenantId, query)),
    ),
  ],
]);
