/**
 * The tenant-scoped data layer's keys: the only code that builds DynamoDB keys. Every key of a
 * tenant's item is the tenant id, or begins with `<tenantId>#`; tenant ids cannot contain `#`, so
 * no key of one tenant is a prefix of another's. On AWS the tenant-scoped IAM role allows only
 * items whose partition key matches `${tenant}` or `${tenant}#*` (dynamodb:LeadingKeys).
 */

import { type AuditPartition, auditPartitionOf } from '../../audit/audit-shards';

export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

/** Keys in the control table. */
export const controlKeys = {
  tenant: (tenantId: string): ItemKey => ({ pk: tenantId, sk: 'TENANT' }),
  /** The index entry that lists tenants for the platform. */
  tenantListing: (tenantId: string) => ({ gsi1pk: 'TENANTS', gsi1sk: tenantId }),
  tenantListingPartition: 'TENANTS',
  team: (tenantId: string, name: string): ItemKey => ({ pk: `${tenantId}#TEAM`, sk: name }),
  teamPartition: (tenantId: string) => `${tenantId}#TEAM`,
  role: (tenantId: string, name: string): ItemKey => ({ pk: `${tenantId}#ROLE`, sk: name }),
  rolePartition: (tenantId: string) => `${tenantId}#ROLE`,
  agent: (tenantId: string, agentId: string): ItemKey => ({ pk: `${tenantId}#AGENT`, sk: agentId }),
  agentPartition: (tenantId: string) => `${tenantId}#AGENT`,
  apiKey: (tenantId: string, keyHash: string): ItemKey => ({ pk: `${tenantId}#KEY#${keyHash}`, sk: 'KEY' }),
  /** Marks an event as handled by one consumer (idempotent consumers). */
  processedEvent: (tenantId: string, consumer: string, eventId: string): ItemKey => ({ pk: `${tenantId}#EVENT#${eventId}`, sk: consumer }),
  /** An agent's claim on an idempotency key (expires after 10 minutes). */
  idempotency: (tenantId: string, agentId: string, key: string): ItemKey => ({ pk: `${tenantId}#IDEMP#${agentId}#${key}`, sk: 'IDEMP' }),
  /** A quota's counter for one period (`agent:<id>#2026-11-24`). */
  quota: (tenantId: string, key: string): ItemKey => ({ pk: `${tenantId}#QUOTA#${key}`, sk: 'QUOTA' }),
  /** Marks that a quota's Quota.Exceeded was recorded for its period. */
  quotaExceeded: (tenantId: string, key: string): ItemKey => ({ pk: `${tenantId}#QUOTA#${key}`, sk: 'EXCEEDED' }),
  /** Marks that a quota's Quota.Threshold for one share (`0.8`) was recorded for its period. */
  quotaThreshold: (tenantId: string, key: string, threshold: number): ItemKey => ({
    pk: `${tenantId}#QUOTA#${key}`,
    sk: `THRESHOLD#${threshold}`,
  }),
  /**
   * Usage counters of one month: per day and agent, with the last stream sequence counted per
   * audit shard (written by the usage meter only; readers sum what a month holds).
   */
  usage: (key: { tenantId: string; day: string; agentId: string }): ItemKey => ({
    pk: `${key.tenantId}#USAGE#${key.day.slice(0, 7)}`,
    sk: `${key.day}#${key.agentId}`,
  }),
  usagePartition: (tenantId: string, month: string) => `${tenantId}#USAGE#${month}`,
  /**
   * A tenant's metric bucket (`minute`, `hour`, `day`): every dimension's counters and the last
   * stream sequence added per audit shard, in one item (written by the metrics rollup only).
   */
  metrics: (tenantId: string, granularity: string, bucket: string): ItemKey => ({
    pk: `${tenantId}#METRICS#${granularity}#${bucket}`,
    sk: 'counters',
  }),
  /** A tenant's detector settings, and the detection job's cursor (the last minute it finished). */
  monitoringSettings: (tenantId: string): ItemKey => ({ pk: `${tenantId}#MONITORING`, sk: 'SETTINGS' }),
  monitoringCursor: (tenantId: string): ItemKey => ({ pk: `${tenantId}#MONITORING`, sk: 'CURSOR' }),
  /** An agent's detector baselines. */
  baseline: (tenantId: string, agentId: string): ItemKey => ({ pk: `${tenantId}#BASELINE`, sk: agentId }),
  /** An anomaly, sorted by minute (`<minute>#<agentId>#<kind>`). */
  anomaly: (tenantId: string, position: string): ItemKey => ({ pk: `${tenantId}#ANOMALY`, sk: position }),
  anomalyPartition: (tenantId: string) => `${tenantId}#ANOMALY`,
  /** An incident (ids grow with time: the partition lists newest last). */
  incident: (tenantId: string, incidentId: string): ItemKey => ({ pk: `${tenantId}#INCIDENT`, sk: incidentId }),
  incidentPartition: (tenantId: string) => `${tenantId}#INCIDENT`,
  /** Which incident of an agent is unresolved (removed when it is resolved). */
  openIncident: (tenantId: string, agentId: string): ItemKey => ({ pk: `${tenantId}#INCIDENT-OPEN`, sk: agentId }),
  /** A notification channel. */
  channel: (tenantId: string, name: string): ItemKey => ({ pk: `${tenantId}#CHANNEL`, sk: name }),
  channelPartition: (tenantId: string) => `${tenantId}#CHANNEL`,
  /** A delivery, in its channel's log (sort key: the event's audit id, which grows with time). */
  delivery: (tenantId: string, channel: string, eventId: string): ItemKey => ({ pk: `${tenantId}#DELIVERY#${channel}`, sk: eventId }),
  deliveryPartition: (tenantId: string, channel: string) => `${tenantId}#DELIVERY#${channel}`,
  /** A delivery waiting for another attempt, by when. */
  dueDelivery: (tenantId: string, nextAttemptAt: string, channel: string, eventId: string): ItemKey => ({
    pk: `${tenantId}#DELIVERY-DUE`,
    sk: `${nextAttemptAt}#${channel}#${eventId}`,
  }),
  dueDeliveryPartition: (tenantId: string) => `${tenantId}#DELIVERY-DUE`,
  /** An approval; the index lists a tenant's approvals by status. */
  approval: (tenantId: string, approvalId: string): ItemKey => ({ pk: `${tenantId}#APPROVAL`, sk: approvalId }),
  approvalsByStatus: (tenantId: string, status: string, approvalId: string) => ({
    gsi1pk: `${tenantId}#APPROVALS#${status}`,
    gsi1sk: approvalId,
  }),
  approvalStatusPartition: (tenantId: string, status: string) => `${tenantId}#APPROVALS#${status}`,
  /** The open approval of one (agent, request), by a hash of the request key; it exists while the approval is pending. */
  openApproval: (tenantId: string, requestKeyHash: string): ItemKey => ({ pk: `${tenantId}#APPROVAL_OPEN#${requestKeyHash}`, sk: 'OPEN' }),
  /** A grant, in its agent's partition (read strongly consistent by the decision path); the index lists a tenant's grants. */
  grant: (tenantId: string, agentId: string, grantId: string): ItemKey => ({ pk: `${tenantId}#GRANT#${agentId}`, sk: grantId }),
  grantPartition: (tenantId: string, agentId: string) => `${tenantId}#GRANT#${agentId}`,
  grantListing: (tenantId: string, grantId: string) => ({ gsi1pk: `${tenantId}#GRANTS`, gsi1sk: grantId }),
  grantListingPartition: (tenantId: string) => `${tenantId}#GRANTS`,
  accessRequest: (tenantId: string, id: string): ItemKey => ({ pk: `${tenantId}#ACCESS_REQUEST`, sk: id }),
  /** A remediation playbook. */
  playbook: (tenantId: string, id: string): ItemKey => ({ pk: `${tenantId}#PLAYBOOK`, sk: id }),
  playbookPartition: (tenantId: string) => `${tenantId}#PLAYBOOK`,
  /** How many playbooks the tenant has (kept in step with every create and delete). */
  playbookCount: (tenantId: string): ItemKey => ({ pk: `${tenantId}#PLAYBOOK-COUNT`, sk: 'COUNT' }),
  /** A remediation run (ids sort by the triggering event's time). */
  remediationRun: (tenantId: string, runId: string): ItemKey => ({ pk: `${tenantId}#REMEDIATION`, sk: runId }),
  remediationRunPartition: (tenantId: string) => `${tenantId}#REMEDIATION`,
  /** How many remediation runs an agent had in an hour (`2026-12-07T03`). */
  remediationCount: (tenantId: string, agentId: string, hour: string): ItemKey => ({
    pk: `${tenantId}#REMEDIATION-COUNT#${agentId}`,
    sk: hour,
  }),
  /** Platform items (no tenant): `~` cannot begin a tenant id. */
  /** A tenant's maturity snapshot of one week (its Monday, `YYYY-MM-DD`). */
  maturitySnapshot: (tenantId: string, week: string): ItemKey => ({ pk: `${tenantId}#MATURITY`, sk: week }),
  maturityPartition: (tenantId: string) => `${tenantId}#MATURITY`,
  /** A tenant's latest maturity snapshot, in the platform's list of them. */
  latestMaturity: (tenantId: string): ItemKey => ({ pk: '~platform#MATURITY', sk: tenantId }),
  latestMaturityPartition: '~platform#MATURITY',
  pricePlan: (tier: string): ItemKey => ({ pk: '~platform#PRICE_PLAN', sk: tier }),
  /** Every version a tier's price plan has had, kept for finance's audit (sorted by version). */
  pricePlanVersion: (tier: string, version: number): ItemKey => ({
    pk: controlKeys.pricePlanHistory(tier),
    sk: String(version).padStart(10, '0'),
  }),
  pricePlanHistory: (tier: string) => `~platform#PRICE_PLAN_HISTORY#${tier}`,
  closedPeriod: (period: string): ItemKey => ({ pk: '~platform#BILLING_PERIOD', sk: period }),
  /** An org template's latest version (its head), in the platform's list of them (by template id). */
  orgTemplate: (id: string): ItemKey => ({ pk: controlKeys.orgTemplatePartition, sk: id }),
  orgTemplatePartition: '~platform#TEMPLATE',
  /** Every version an org template has had (sorted by version). */
  orgTemplateVersion: (id: string, version: number): ItemKey => ({
    pk: controlKeys.orgTemplateHistory(id),
    sk: String(version).padStart(10, '0'),
  }),
  orgTemplateHistory: (id: string) => `~platform#TEMPLATE_HISTORY#${id}`,
  /** A template (built-in or org) required of every tenant as locked org rules, by template id. */
  requiredTemplate: (id: string): ItemKey => ({ pk: controlKeys.requiredTemplatePartition, sk: id }),
  requiredTemplatePartition: '~platform#TEMPLATE_REQUIRED',
  /** Per-tenant projection maintained by event consumers. */
  tenantStats: (tenantId: string): ItemKey => ({ pk: tenantId, sk: 'STATS' }),
} as const;

/**
 * Keys in the audit table: a tenant's UTC day is AUDIT_SHARDS partitions (audit-shards.ts), each
 * sorted by time then id.
 */
export const auditKeys = {
  record: (tenantId: string, at: string, id: string): ItemKey => ({
    pk: auditKeys.partition(auditPartitionOf(tenantId, at, id)),
    sk: `${at}#${id}`,
  }),
  partition: ({ tenantId, day, shard }: AuditPartition) => `${tenantId}#AUDIT#${day}#${shard}`,
  /** Index entry listing one agent's records in time order. */
  byAgent: (tenantId: string, agentId: string, at: string, id: string) => ({
    gsi1pk: `${tenantId}#AGENT#${agentId}`,
    gsi1sk: `${at}#${id}`,
  }),
  agentPartition: (tenantId: string, agentId: string) => `${tenantId}#AGENT#${agentId}`,
} as const;

/**
 * Keys of the audit digests, in the control table (no stream: stream consumers never see them). A
 * tenant's chain head and digests share a partition (`H` sorts after `D#…`); an hour's leaves
 * have one of their own, a chunk per item.
 */
export const digestKeys = {
  partition: (tenantId: string) => `${tenantId}#AUDIT_DIGESTS`,
  head: (tenantId: string): ItemKey => ({ pk: digestKeys.partition(tenantId), sk: 'HEAD' }),
  digest: (tenantId: string, hour: string): ItemKey => ({ pk: digestKeys.partition(tenantId), sk: `D#${hour}` }),
  /** The sort key of an hour's digest, for ranges. */
  digestPosition: (hour: string) => `D#${hour}`,
  leavesPartition: (tenantId: string, hour: string) => `${tenantId}#AUDIT_DIGEST_LEAVES#${hour}`,
  leaves: (tenantId: string, hour: string, shard: number, chunk: number): ItemKey => ({
    pk: digestKeys.leavesPartition(tenantId, hour),
    sk: `${shard}#${String(chunk).padStart(4, '0')}`,
  }),
  /** Leaves the audit stream captured, by hour and stream position (shared/audit/leaf-capture.ts). */
  capturedPartition: (tenantId: string) => `${tenantId}#AUDIT_CAPTURED`,
  captured: (tenantId: string, hour: string, key: string): ItemKey => ({
    pk: digestKeys.capturedPartition(tenantId),
    sk: `${hour}#${key}`,
  }),
} as const;

/**
 * Keys in the policies table. The owner is a tenant id, or `~org` for the organisation's policies
 * (`~` cannot begin a tenant id, so the organisation's partitions never collide with a tenant's).
 */
export const ORG_PARTITION_OWNER = '~org';
const padVersion = (version: number) => `v#${String(version).padStart(10, '0')}`;
export const policyKeys = {
  version: (owner: string, scope: string, version: number): ItemKey => ({ pk: `${owner}#POLICY#${scope}`, sk: padVersion(version) }),
  versionPartition: (owner: string, scope: string) => `${owner}#POLICY#${scope}`,
  /** The sort key of a version, for paging. */
  versionPosition: padVersion,
  head: (owner: string, scope: string): ItemKey => ({ pk: `${owner}#POLICIES`, sk: scope }),
  headPartition: (owner: string) => `${owner}#POLICIES`,
  testLibrary: (owner: string): ItemKey => ({ pk: `${owner}#POLICY_TESTS`, sk: 'CURRENT' }),
  orgEpoch: { pk: `${ORG_PARTITION_OWNER}#EPOCH`, sk: 'EPOCH' } as ItemKey,
} as const;

/** The tenant a key belongs to (the part before the first `#`). */
export const tenantOfKey = (pk: string): string => pk.split('#', 1)[0] ?? '';
