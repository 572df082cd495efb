/**
 * The catalog of domain events: every detail-type Warden publishes, its source and the zod schema
 * of its detail. An event that is not here cannot be built (see `domainEvent`), and consumers parse
 * details with the same schemas.
 */
import * as z from 'zod';

const tenantId = z.string().min(1);
const actor = z.string().min(1);

/**
 * Fields every detail has: the tenant, and (added by the relay) the id of the audit record the
 * event came from, which is stable across redeliveries and so keys idempotent consumers.
 */
const detail = <T extends z.ZodRawShape>(shape: T) => z.object({ tenantId, auditId: z.string().optional(), ...shape });

const agentRef = { agentId: z.string(), team: z.string(), role: z.string(), environment: z.string() };
/** A quota and its counter, as quota events carry them. */
const quotaState = {
  scope: z.enum(['agent', 'team', 'tenant']),
  subject: z.string(),
  period: z.enum(['day', 'month']),
  periodKey: z.string(),
  limit: z.number().int(),
  used: z.number().int(),
};
const AgentStatus = z.enum(['active', 'suspended', 'decommissioned']);

/**
 * Every event: detail-type → source and (a builder of) its detail schema. Each detail carries
 * `tenantId`. The ~300 schemas are built one event type at a time, when first used
 * (`eventDetailSchema`): a function publishes a few types, and building them all took a few
 * milliseconds of every cold start (docs/decisions/cold-starts.md).
 */
export const EVENT_CATALOG = {
  'Tenant.Onboarded': { source: 'warden.tenancy', detail: () => detail({ name: z.string(), tier: z.string(), actor }) },
  'Tenant.Updated': {
    source: 'warden.tenancy',
    detail: () => detail({ changed: z.array(z.string()), status: z.enum(['active', 'suspended']), actor }),
  },
  'Team.Created': { source: 'warden.tenancy', detail: () => detail({ team: z.string(), actor }) },
  'Team.Updated': { source: 'warden.tenancy', detail: () => detail({ team: z.string(), changed: z.array(z.string()), actor }) },
  'Role.Saved': { source: 'warden.tenancy', detail: () => detail({ role: z.string(), actor }) },
  'Agent.Registered': { source: 'warden.agents', detail: () => detail({ ...agentRef, owner: z.string(), actor }) },
  'Agent.Updated': { source: 'warden.agents', detail: () => detail({ ...agentRef, changed: z.array(z.string()), actor }) },
  'Agent.KeyRotated': {
    source: 'warden.agents',
    detail: () => detail({ ...agentRef, keyId: z.string(), previousKeyValidUntil: z.string(), actor }),
  },
  'Agent.Suspended': {
    source: 'warden.agents',
    detail: () => detail({ ...agentRef, fromStatus: AgentStatus, actor, reason: z.string().optional() }),
  },
  'Agent.Reinstated': {
    source: 'warden.agents',
    detail: () => detail({ ...agentRef, fromStatus: AgentStatus, actor, reason: z.string().optional() }),
  },
  'Agent.Decommissioned': {
    source: 'warden.agents',
    detail: () => detail({ ...agentRef, fromStatus: AgentStatus, actor, reason: z.string().optional() }),
  },
  /** A remediation playbook quarantined the agent: its allowed requests need approval until `until`. */
  'Agent.Quarantined': {
    source: 'warden.agents',
    detail: () => detail({ ...agentRef, until: z.string(), actor, reason: z.string().optional() }),
  },
  /** The agent's quarantine was lifted before it ran out (a revert, or an operator's reinstate). */
  'Agent.QuarantineLifted': {
    source: 'warden.agents',
    detail: () => detail({ ...agentRef, actor, reason: z.string().optional() }),
  },
  /** The hygiene sweep: a live key expires within the tenant's `keyExpiryWarningDays` (once per key). */
  'Key.Expiring': {
    source: 'warden.hygiene',
    detail: () => detail({ ...agentRef, owner: z.string(), keyId: z.string(), expiresAt: z.string(), daysLeft: z.number() }),
  },
  /** The hygiene sweep: a key outlived the tenant's `keyMaxAgeDays` and was expired. */
  'Key.Expired': {
    source: 'warden.hygiene',
    detail: () => detail({ ...agentRef, owner: z.string(), keyId: z.string(), createdAt: z.string(), maxAgeDays: z.number().int() }),
  },
  /**
   * The hygiene sweep: an agent made no request for `thresholdDays` (the tenant's
   * `inactiveAgentDays`, then `decommissionInactiveAfterDays`); once per threshold and idle spell.
   */
  'Agent.Inactive': {
    source: 'warden.hygiene',
    detail: () =>
      detail({
        ...agentRef,
        owner: z.string(),
        status: AgentStatus,
        lastSeenAt: z.string().optional(),
        idleSince: z.string(),
        inactiveDays: z.number().int(),
        thresholdDays: z.number().int(),
        dueFor: z.enum(['review', 'decommission']),
      }),
  },
  'Policy.Saved': { source: 'warden.policies', detail: () => detail({ scope: z.string(), version: z.number().int(), actor }) },
  'Policy.Published': {
    source: 'warden.policies',
    detail: () =>
      detail({
        scope: z.string(),
        version: z.number().int(),
        previousVersion: z.number().int().optional(),
        rolledBackFrom: z.number().int().optional(),
        actor,
      }),
  },
  'Decision.Made': {
    source: 'warden.decisions',
    detail: () =>
      detail({
        decisionId: z.string(),
        agentId: z.string(),
        team: z.string(),
        role: z.string(),
        environment: z.string(),
        action: z.string(),
        effect: z.enum(['allow', 'deny', 'require_approval']),
        ruleId: z.string().optional(),
        scope: z.string().optional(),
        version: z.number().int().optional(),
      }),
  },
  'Quota.Exceeded': { source: 'warden.quotas', detail: () => detail(quotaState) },
  'Monitoring.Updated': { source: 'warden.monitoring', detail: () => detail({ actor }) },
  'Anomaly.Detected': {
    source: 'warden.monitoring',
    detail: () =>
      detail({
        anomalyId: z.string(),
        kind: z.enum(['volume_spike', 'deny_spike', 'new_action']),
        agentId: z.string(),
        team: z.string(),
        observed: z.number(),
        baseline: z.number(),
        score: z.number(),
        /** `new_action`: the actions the agent had not used before. */
        actions: z.array(z.object({ action: z.string(), tool: z.string().optional() })).optional(),
        window: z.object({ from: z.string(), to: z.string() }),
      }),
  },
  'Incident.Opened': {
    source: 'warden.monitoring',
    detail: () =>
      detail({
        incidentId: z.string(),
        title: z.string(),
        severity: z.enum(['low', 'medium', 'high', 'critical']),
        agentId: z.string(),
        team: z.string(),
      }),
  },
  'Incident.Updated': {
    source: 'warden.monitoring',
    detail: () =>
      detail({
        incidentId: z.string(),
        status: z.enum(['open', 'acknowledged', 'resolved']),
        severity: z.enum(['low', 'medium', 'high', 'critical']),
      }),
  },
  'Incident.Resolved': {
    source: 'warden.monitoring',
    detail: () => detail({ incidentId: z.string(), severity: z.enum(['low', 'medium', 'high', 'critical']) }),
  },
  'Channel.Changed': { source: 'warden.notifications', detail: () => detail({ channel: z.string(), change: z.string(), actor }) },
  'Quota.Threshold': { source: 'warden.quotas', detail: () => detail({ ...quotaState, threshold: z.number() }) },
  'Approval.Requested': {
    source: 'warden.approvals',
    detail: () =>
      detail({
        approvalId: z.string(),
        agentId: z.string(),
        team: z.string(),
        action: z.string(),
        risk: z.string(),
        awaiting: z.string(),
        origin: z.enum(['decision', 'access_request']),
      }),
  },
  'Approval.Escalated': {
    source: 'warden.approvals',
    detail: () => detail({ approvalId: z.string(), agentId: z.string(), from: z.string(), to: z.string() }),
  },
  'Approval.Decided': {
    source: 'warden.approvals',
    detail: () =>
      detail({ approvalId: z.string(), agentId: z.string(), outcome: z.enum(['approved', 'rejected', 'first_approval']), actor }),
  },
  'Approval.Expired': { source: 'warden.approvals', detail: () => detail({ approvalId: z.string(), agentId: z.string() }) },
  'Approval.Cancelled': {
    source: 'warden.approvals',
    detail: () => detail({ approvalId: z.string(), agentId: z.string(), because: z.string() }),
  },
  'Grant.Issued': {
    source: 'warden.approvals',
    detail: () => detail({ grantId: z.string(), approvalId: z.string(), agentId: z.string(), action: z.string(), expiresAt: z.string() }),
  },
  'Grant.Revoked': {
    source: 'warden.approvals',
    detail: () => detail({ grantId: z.string(), agentId: z.string(), actor, because: z.string() }),
  },
  'AccessRequest.Created': {
    source: 'warden.approvals',
    detail: () =>
      detail({
        accessRequestId: z.string(),
        agentId: z.string(),
        action: z.string(),
        outcome: z.enum(['not_required', 'denied', 'approval']),
        approvalId: z.string().optional(),
      }),
  },
  'Playbook.Changed': {
    source: 'warden.remediation',
    detail: () => detail({ playbookId: z.string(), change: z.enum(['created', 'updated', 'deleted']), actor }),
  },
  /** A remediation run's `notify` step: to the named channel, or to every channel subscribed to it. */
  'Remediation.Notified': {
    source: 'warden.remediation',
    detail: () =>
      detail({
        runId: z.string(),
        playbookId: z.string(),
        trigger: z.string(),
        summary: z.string(),
        mode: z.enum(['enforce', 'dry_run']),
        agentId: z.string().optional(),
        team: z.string().optional(),
        channel: z.string().optional(),
      }),
  },
  'PolicyTests.Saved': {
    source: 'warden.policies',
    detail: () => detail({ scenarios: z.number().int(), version: z.number().int(), actor }),
  },
  /** An org template saved as a new version, or a template (built-in or org) required of every tenant (tenantId `~org`). */
  'Template.Changed': {
    source: 'warden.templates',
    detail: () => detail({ template: z.string(), change: z.enum(['saved', 'required']), version: z.number().int().optional(), actor }),
  },
} as const satisfies Record<string, { source: `warden.${string}`; detail: () => z.ZodType<{ tenantId: string }> }>;

export type EventType = keyof typeof EVENT_CATALOG;
type DetailSchema<T extends EventType> = ReturnType<(typeof EVENT_CATALOG)[T]['detail']>;
export type EventDetail<T extends EventType> = z.infer<DetailSchema<T>>;

const built = new Map<EventType, z.ZodType>();

/** The detail schema of `detailType`, built on first use. */
export function eventDetailSchema<T extends EventType>(detailType: T): DetailSchema<T> {
  let schema = built.get(detailType);
  if (!schema) {
    schema = EVENT_CATALOG[detailType].detail();
    built.set(detailType, schema);
  }
  return schema as DetailSchema<T>;
}

/** An event as Warden writes it (the bus adds id, time, account and region). */
export interface DomainEvent<T extends EventType = EventType> {
  readonly source: (typeof EVENT_CATALOG)[T]['source'];
  readonly detailType: T;
  readonly detail: EventDetail<T>;
}

/** Builds an event, validating its detail against the catalog. */
export function domainEvent<T extends EventType>(detailType: T, detail: EventDetail<T>): DomainEvent<T> {
  return { source: EVENT_CATALOG[detailType].source, detailType, detail: eventDetailSchema(detailType).parse(detail) as EventDetail<T> };
}

/** True when `detailType` is in the catalog. */
export const isEventType = (detailType: string): detailType is EventType => Object.hasOwn(EVENT_CATALOG, detailType);

/** Parses an incoming event's detail with its catalog schema (consumers call this first). */
export function parseEventDetail<T extends EventType>(detailType: T, detail: unknown): EventDetail<T> {
  return eventDetailSchema(detailType).parse(detail) as EventDetail<T>;
}
