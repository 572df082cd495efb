/**
 * The audit log's routes: reading it, exporting it as OCSF events, and proving it (signed digests).
 */
import { DigestQuerySchema, VerifyRequestSchema } from '../../audit/audit-digests';
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
  listAuditDigests: {
    method: 'GET',
    path: `${TENANT_PATH}/audit/digests`,
    function: 'audit-digests',
    auth: 'operator',
    permission: 'audit:read',
    tag: 'audit',
    summary:
      'Signed digests of the audit log from `from` to `to` (at most 31 days), oldest first: one per hour with records, a Merkle root per partition, chained per tenant, with their leaves',
    query: DigestQuerySchema,
  },
  verifyAudit: {
    method: 'POST',
    path: `${TENANT_PATH}/audit/verify`,
    function: 'audit-digests',
    auth: 'operator',
    permission: 'audit:read',
    tag: 'audit',
    summary:
      'Verifies the audit log from `from` to `to` (at most 31 days, 100,000 records) against its digests: `{verified, records, firstBreak?}`, the first record or digest changed, removed or inserted',
    body: VerifyRequestSchema,
  },
  auditDigestKeys: {
    method: 'GET',
    path: '/v1/audit/digest-keys',
    function: 'audit-digests',
    auth: 'none',
    tag: 'audit',
    summary: 'The public keys (JWKS) that verify audit digests, one per month',
  },
} as const satisfies Record<string, RouteSpec>;
