/**
 * The audit log as OCSF events (`GET /v1/tenants/{t}/audit/export?format=ocsf`), in OCSF 1.8.0
 * (github.com/ocsf/ocsf-schema, tag 1.8.0), so Security Lake, Splunk or Sentinel take them as
 * they are. One NDJSON line per audit record, oldest first.
 *
 * - A decision is an **API Activity** (class 6003, category 6 Application Activity), activity
 *   99 Other (`Authorize`). Why not Authorize Session (3003): that class reports the privileges
 *   and groups assigned to a new logon session (activities Assign Privileges / Assign Groups); a
 *   Warden decision is the answer to one requested operation by one actor, which is what API
 *   Activity models (`actor`, `api.operation`, `resources`, `status_id`) — the class CloudTrail
 *   events land in, so a SIEM's "denied API call" detections apply as they are. Status: allow →
 *   Success, deny → Failure, require_approval → Other (`status_detail` says so).
 * - A change is an **Entity Management** (class 3004, category 3 IAM) event: its `entity` is the
 *   changed object (agent, policy, team, template...), its activity the change's verb. Account
 *   Change (3001) was not used: it models user accounts (its `user` is required, its activities
 *   are password, MFA and lockout steps), while Warden's changes are to agents, policies and the
 *   rest alike.
 *
 * Warden's own fields (effect, rule, policy versions, before and after...) go in `unmapped`.
 * The mapping is pure; `createOcsfExport` reads the records and delivers the file through the
 * object-storage port billing uses.
 */
import * as z from 'zod';
import { checkPermission } from '../auth/permissions';
import type { OperatorPrincipal } from '../auth/principal';
import type { ObjectStore } from '../billing/billing-ports';
import type { DecisionRecord } from '../decisions/decision-record';
import { type Clock, isoAt } from '../kernel/clock';
import { ValidationError } from '../kernel/errors';
import type { IdGenerator } from '../kernel/ids';
import { AgentIdSchema } from '../kernel/schemas';
import type { AuditReader } from './audit-reader';
import { type ChangeRecord, withoutKeyMaterial } from './change-record';

/** The OCSF schema version every event states in `metadata.version`. */
export const OCSF_VERSION = '1.8.0';

export const OCSF_PRODUCT = { name: 'Warden', vendor_name: 'Warden' } as const;

export const OCSF_CLASSES = {
  apiActivity: { class_uid: 6003, class_name: 'API Activity', category_uid: 6, category_name: 'Application Activity' },
  entityManagement: { class_uid: 3004, class_name: 'Entity Management', category_uid: 3, category_name: 'Identity & Access Management' },
} as const;

const SEVERITY = { 1: 'Informational', 2: 'Low', 3: 'Medium', 4: 'High', 5: 'Critical' } as const;
type SeverityId = keyof typeof SEVERITY;

const STATUS = { 1: 'Success', 2: 'Failure', 99: 'Other' } as const;
type StatusId = keyof typeof STATUS;

/** Entity Management activities (OCSF 1.8.0 `events/iam/entity_management.json`), plus 99 Other. */
const ENTITY_ACTIVITY = {
  1: 'Create',
  3: 'Update',
  4: 'Delete',
  8: 'Enable',
  9: 'Disable',
  12: 'Suspend',
  13: 'Resume',
  99: 'Other',
} as const;
type EntityActivityId = keyof typeof ENTITY_ACTIVITY;

/** The Entity Management activity of a change's verb (the part of `action` after the object). */
const ACTIVITY_OF_VERB: Readonly<Record<string, EntityActivityId>> = {
  registered: 1,
  created: 1,
  onboarded: 1,
  saved: 3,
  updated: 3,
  published: 3,
  'key-rotated': 3,
  decommissioned: 4,
  deleted: 4,
  removed: 4,
  'quarantine-lifted': 8,
  quarantined: 9,
  suspended: 12,
  reinstated: 13,
};

/** `managed_entity.type_id` where one fits (2 User is left out: an agent is not a user account). */
const ENTITY_TYPE_ID: Readonly<Record<string, number>> = { policy: 5, team: 3, tenant: 4 };

/** How a decision's effect reads in OCSF: its status, and a severity (a deny is worth a look). */
const DECISION_OUTCOME: Readonly<Record<DecisionRecord['effect'], { status_id: StatusId; severity_id: SeverityId }>> = {
  allow: { status_id: 1, severity_id: 1 },
  require_approval: { status_id: 99, severity_id: 2 },
  deny: { status_id: 2, severity_id: 3 },
};

const DECISION_ACTIVITY_ID = 99;

const metadataOf = (record: { id: string; tenantId: string; at: string }, extra: Record<string, unknown> = {}) => ({
  version: OCSF_VERSION,
  product: OCSF_PRODUCT,
  uid: record.id,
  tenant_uid: record.tenantId,
  log_name: 'audit',
  original_time: record.at,
  ...extra,
});

/** Without keys whose value is undefined (NDJSON consumers see absent, not null). */
const defined = <T extends Record<string, unknown>>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;

/** A decision record as an OCSF API Activity event. */
export function decisionToOcsf(record: DecisionRecord) {
  const { status_id, severity_id } = DECISION_OUTCOME[record.effect];
  const cls = OCSF_CLASSES.apiActivity;
  const { agent, request } = record;
  const resources = [
    ...(request.resource !== undefined ? [{ name: request.resource, type: 'resource' }] : []),
    ...(request.tool !== undefined ? [{ name: request.tool, type: 'tool' }] : []),
  ];
  return defined({
    ...cls,
    activity_id: DECISION_ACTIVITY_ID,
    activity_name: 'Authorize',
    type_uid: cls.class_uid * 100 + DECISION_ACTIVITY_ID,
    type_name: `${cls.class_name}: Other`,
    time: Date.parse(record.at),
    severity_id,
    severity: SEVERITY[severity_id],
    status_id,
    status: STATUS[status_id],
    status_code: record.effect,
    status_detail:
      record.effect === 'require_approval'
        ? `require_approval: ${record.reason}${record.approvalId ? ` (approval ${record.approvalId})` : ''}`
        : record.reason,
    message: `${agent.name} ${record.effect} ${request.action}`,
    duration: record.latencyMs,
    metadata: metadataOf(record, record.batchId ? { correlation_uid: record.batchId } : {}),
    actor: { user: { uid: agent.id, name: agent.name, type_id: 4, type: 'Service' } },
    api: { operation: request.action, service: { name: 'Warden' } },
    // Warden does not keep the caller's address: the source is named by the agent.
    src_endpoint: { uid: agent.id, name: agent.name },
    ...(resources.length > 0 ? { resources } : {}),
    unmapped: defined({
      kind: record.kind,
      effect: record.effect,
      reason: record.reason,
      rule: record.rule,
      grantId: record.grantId,
      approvalId: record.approvalId,
      risk: record.risk,
      refusal: record.refusal,
      agent: { team: agent.team, role: agent.role, environment: agent.environment, labels: agent.labels },
      request: defined({ action: request.action, tool: request.tool, resource: request.resource, context: request.context }),
      versions: record.versions,
      policyEpoch: record.policyEpoch,
      warnings: record.warnings.length > 0 ? record.warnings : undefined,
      latencyMs: record.latencyMs,
      idempotencyKey: record.idempotencyKey,
      batchId: record.batchId,
    }),
  });
}

/** The OCSF actor of who made a change. */
function changeActor(actor: ChangeRecord['actor']) {
  switch (actor.type) {
    case 'operator':
      return { user: { uid: actor.sub, name: actor.sub, type_id: 1, type: 'User' } };
    case 'agent':
      return { user: { uid: actor.agentId, type_id: 4, type: 'Service' } };
    case 'system':
      return { app_name: actor.name };
  }
}

/** The Entity Management activity of a change action (`<object>.<verb>`). */
export function changeActivityId(action: string): EntityActivityId {
  const verb = action.slice(action.indexOf('.') + 1);
  return ACTIVITY_OF_VERB[verb] ?? 99;
}

/** A change record (without its domain event) as an OCSF Entity Management event. */
export function changeToOcsf(record: Omit<ChangeRecord, 'event'>) {
  const cls = OCSF_CLASSES.entityManagement;
  const activity_id = changeActivityId(record.action);
  const typeId = ENTITY_TYPE_ID[record.target.type];
  const entity = { uid: record.target.id, name: record.target.id, type: record.target.type, ...(typeId ? { type_id: typeId } : {}) };
  return defined({
    ...cls,
    activity_id,
    activity_name: activity_id === 99 ? record.action : ENTITY_ACTIVITY[activity_id],
    type_uid: cls.class_uid * 100 + activity_id,
    type_name: `${cls.class_name}: ${ENTITY_ACTIVITY[activity_id]}`,
    time: Date.parse(record.at),
    severity_id: 1,
    severity: SEVERITY[1],
    status_id: 1,
    status: STATUS[1],
    message: `${record.action} ${record.target.type} ${record.target.id}`,
    comment: record.reason,
    metadata: metadataOf(record),
    actor: changeActor(record.actor),
    entity,
    ...('after' in record && record.after !== undefined ? { entity_result: { ...entity, data: record.after } } : {}),
    unmapped: defined({
      kind: record.kind,
      action: record.action,
      target: record.target,
      actor: record.actor,
      reason: record.reason,
      before: record.before,
      after: record.after,
    }),
  });
}

export type OcsfEvent = ReturnType<typeof decisionToOcsf> | ReturnType<typeof changeToOcsf>;

/** An audit record as read back, as an OCSF event; undefined for a kind it does not know. */
export function auditRecordToOcsf(stored: Record<string, unknown>): OcsfEvent | undefined {
  const { event: _event, ...record } = withoutKeyMaterial(stored);
  if (record.kind === 'decision') return decisionToOcsf(record as unknown as DecisionRecord);
  if (record.kind === 'change') return changeToOcsf(record as unknown as Omit<ChangeRecord, 'event'>);
  return undefined;
}

const DAY_MS = 86_400_000;
export const AUDIT_EXPORT_MAX_SPAN_DAYS = 31;
/** The most records one export holds; a range with more is refused (narrow it or filter). */
export const AUDIT_EXPORT_MAX_RECORDS = 100_000;

/** `GET .../audit/export` query. */
export const AuditExportQuerySchema = z
  .object({
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    format: z.enum(['ocsf']),
    agentId: AgentIdSchema.optional(),
    kind: z.enum(['decision', 'change']).optional(),
  })
  .strict();
export type AuditExportQuery = z.infer<typeof AuditExportQuerySchema>;

export const NDJSON_CONTENT_TYPE = 'application/x-ndjson';

/** An export: inline when small, otherwise a time-limited download link to object storage (as billing's). */
export type AuditExportResult =
  | { readonly kind: 'inline'; readonly contentType: string; readonly body: string }
  | { readonly kind: 'download'; readonly download: { url: string; expiresAt: string; bytes: number; lines: number; format: string } };

export interface AuditExportDeps {
  readonly store: AuditReader;
  readonly objects: ObjectStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Largest export answered inline, in bytes. */
  readonly inlineLimitBytes: number;
  /** How long a download link works. */
  readonly downloadSeconds: number;
  /** The most records one export holds (AUDIT_EXPORT_MAX_RECORDS unless a test says less). */
  readonly maxRecords?: number;
}

export function createOcsfExport(deps: AuditExportDeps) {
  const maxRecords = deps.maxRecords ?? AUDIT_EXPORT_MAX_RECORDS;

  /** The range's records, oldest first (the store reads newest first). */
  async function recordsIn(tenantId: string, from: string, to: string, query: AuditExportQuery) {
    const records: Record<string, unknown>[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await deps.store.listAudit(
        { tenantId, from, to, agentId: query.agentId },
        { limit: 1000, ...(after === undefined ? {} : { after }) },
      );
      for (const record of page.items) {
        if (query.kind !== undefined && record.kind !== query.kind) continue;
        records.push(record);
        if (records.length > maxRecords)
          throw new ValidationError(`An export holds at most ${maxRecords} records; narrow the range or filter by agentId or kind`, [
            { path: 'from', message: `the range holds more than ${maxRecords} records`, in: 'query' },
          ]);
      }
      const last = page.items[page.items.length - 1];
      if (!page.more || last === undefined) return records.reverse();
      after = `${last.at}#${last.id}`;
    }
  }

  return {
    async export(principal: OperatorPrincipal, tenantId: string, query: AuditExportQuery): Promise<AuditExportResult> {
      checkPermission(principal, 'audit:read', { tenantId });
      const fromMs = Date.parse(query.from);
      const toMs = Date.parse(query.to);
      if (toMs <= fromMs) throw new ValidationError('to is not after from', [{ path: 'to', message: 'must be after from', in: 'query' }]);
      if (toMs - fromMs > AUDIT_EXPORT_MAX_SPAN_DAYS * DAY_MS)
        throw new ValidationError(`An export spans at most ${AUDIT_EXPORT_MAX_SPAN_DAYS} days`, [
          { path: 'to', message: `at most ${AUDIT_EXPORT_MAX_SPAN_DAYS} days after from`, in: 'query' },
        ]);
      // Stored times are `toISOString()` text: the bounds are written the same way so they compare as text.
      const records = await recordsIn(tenantId, isoAt(fromMs), isoAt(toMs), query);
      const lines = records.flatMap((record) => {
        const event = auditRecordToOcsf(record);
        return event ? [JSON.stringify(event)] : [];
      });
      const body = lines.map((line) => `${line}\n`).join('');
      const bytes = Buffer.byteLength(body);
      if (bytes <= deps.inlineLimitBytes) return { kind: 'inline', contentType: NDJSON_CONTENT_TYPE, body };
      const key = `exports/${tenantId}/audit/${query.from.slice(0, 10)}-${query.to.slice(0, 10)}-ocsf${OCSF_VERSION}-${deps.ids.next('exp')}.ndjson`;
      await deps.objects.put(key, body, NDJSON_CONTENT_TYPE);
      return {
        kind: 'download',
        download: {
          url: await deps.objects.downloadUrl(key, deps.downloadSeconds),
          expiresAt: isoAt(deps.clock.nowMs() + deps.downloadSeconds * 1000),
          bytes,
          lines: lines.length,
          format: 'ocsf',
        },
      };
    },
  };
}
