/**
 * The audit log's route.
 */
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
} as const satisfies Record<string, RouteSpec>;
