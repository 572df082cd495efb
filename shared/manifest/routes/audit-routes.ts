/**
 * The audit log's routes: reading it, and exporting it as OCSF events.
 */
import { AuditExportQuerySchema } from '../../audit/ocsf';
import { AuditQuerySchema } from '../../decisions/audit-log';
import type { RouteSpec } from '../route-spec';
import { TENANT_PATH } from './route-parts';

export const AUDIT_ROUTES = {
  queryAudit: {
    method: 'GET',
    path: `${TENANT_PATH}/audit`,
    function: 'audit-query',
    auth: 'operator',
    permission: 'audit:read',
    tag: 'audit',
    summary: 'Decisions and changes, newest first; filters from, to, agentId, effect, kind',
    query: AuditQuerySchema,
  },
  exportAudit: {
    method: 'GET',
    path: `${TENANT_PATH}/audit/export`,
    function: 'audit-query',
    auth: 'operator',
    permission: 'audit:read',
    tag: 'audit',
    summary:
      'Decisions and changes from `from` to `to` (at most 31 days, 100,000 records) as OCSF 1.8.0 events, NDJSON oldest first (format=ocsf); large exports answer with a download link',
    query: AuditExportQuerySchema,
  },
} as const satisfies Record<string, RouteSpec>;
