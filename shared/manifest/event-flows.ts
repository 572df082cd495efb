/**
 * How events flow: streams that become events (a table's stream → enrichment function → bus, on
 * AWS through EventBridge Pipes), functions that consume a stream directly, and rules that deliver
 * events to consumer functions.
 */
import type { EventType } from '../events/catalog';
import type { FunctionVariable } from './function-environment';
import type { TableId } from './tables';

/** An EventBridge pattern (the subset Warden uses: exact values, `prefix`, `anything-but`, `exists`). */
export type EventPattern = Readonly<Record<string, unknown>>;

export interface EventRule {
  readonly id: string;
  readonly description: string;
  /** The detail-types the rule delivers, all published by `source`; the target's handler takes these. */
  readonly source: string;
  readonly detailTypes: readonly EventType[];
  /** The EventBridge pattern, made from `source` and `detailTypes`. */
  readonly pattern: EventPattern;
  /** Function that receives matching events. */
  readonly target: string;
}

/** A rule delivering `detailTypes` of `source` to `target`; its pattern is made from them. */
function eventRule<const T extends EventType>(rule: Omit<EventRule, 'pattern' | 'detailTypes'> & { readonly detailTypes: readonly T[] }) {
  return { ...rule, pattern: { source: [rule.source], 'detail-type': [...rule.detailTypes] } } satisfies EventRule;
}

/** Kinds of stream record: a new item, a changed one, a removed one (TTL removals included). */
export type StreamEventName = 'INSERT' | 'MODIFY' | 'REMOVE';

export interface StreamFlow {
  readonly id: string;
  readonly table: TableId;
  /** The records passed on (a filter on AWS, so the others are neither delivered nor billed). */
  readonly eventNames: readonly StreamEventName[];
  /** Function that turns a batch of stream records into `{source, detailType, detail}` entries. */
  readonly enrichment: string;
}

export const STREAM_FLOWS: readonly StreamFlow[] = [
  // Audit records are only ever inserted; TTL removals would otherwise reach the pipe and be billed.
  { id: 'audit-events', table: 'audit', eventNames: ['INSERT'], enrichment: 'audit-stream-relay' },
];

/**
 * Functions that consume a table's stream directly (a Lambda event source mapping on AWS): each
 * gets batches of stream records in order per partition key, at least once.
 */
export interface StreamConsumer {
  readonly id: string;
  readonly table: TableId;
  /** The records passed on (a filter on AWS). */
  readonly eventNames: readonly StreamEventName[];
  /** Function that receives `{Records}` batches (a DynamoDB stream event). */
  readonly consumer: string;
  /** Records per batch, at most. */
  readonly batchSize: number;
  /**
   * How long a batch that is not full waits for more records: Lambda's batching window, and the
   * local reader's pause after such a batch. Default: 1 s on AWS, the reader's poll interval
   * (100 ms) locally.
   */
  readonly batchingWindowSeconds?: number;
  /** Part of fleet monitoring: the local runtime leaves it off with `WARDEN_MONITORING=off` (benchmarks compare). */
  readonly monitoring?: boolean;
}

export const STREAM_CONSUMERS: readonly StreamConsumer[] = [
  // 1,000 (GetRecords' most): a fuller batch meters more records per counter write (docs/decisions/stream-consumers.md).
  { id: 'usage-meter', table: 'audit', eventNames: ['INSERT'], consumer: 'usage-meter', batchSize: 1000 },
  // A wider window: each batch costs a write per tenant bucket it touches, so fuller batches cost
  // less per decision, well within the metrics' 5 s lag (docs/decisions/metrics.md).
  // Capture is one write per tenant hour and batch: a wide window keeps those items few (an hour is
  // sealed 65 minutes after it ends, docs/decisions/audit-digests.md).
  { id: 'audit-leaves', table: 'audit', eventNames: ['INSERT'], consumer: 'audit-leaf-capture', batchSize: 1000, batchingWindowSeconds: 5 },
  // The live decision feed: idle (one cached channel read per tenant and 10 s) unless a channel subscribes.
  { id: 'decision-feed', table: 'audit', eventNames: ['INSERT'], consumer: 'decision-feed', batchSize: 1000 },
  {
    id: 'metrics-rollup',
    table: 'audit',
    eventNames: ['INSERT'],
    consumer: 'metrics-rollup',
    batchSize: 1000,
    batchingWindowSeconds: 2,
    monitoring: true,
  },
];

/** The rules by name: a consumer takes its rule's detail-types from here (functions/_lib/event-consumer.ts). */
export const EVENT_RULE = {
  tenantStats: eventRule({
    id: 'tenant-stats',
    description: 'Agent lifecycle events keep the per-tenant agent counts',
    source: 'warden.agents',
    detailTypes: ['Agent.Registered', 'Agent.Suspended', 'Agent.Reinstated', 'Agent.Decommissioned'],
    target: 'tenant-stats-projection',
  }),
  approvalsAgentLeft: eventRule({
    id: 'approvals-agent-left',
    description: 'A suspended or decommissioned agent loses its pending approvals and its grants',
    source: 'warden.agents',
    detailTypes: ['Agent.Suspended', 'Agent.Decommissioned'],
    target: 'approvals-agent-left',
  }),
  notifyApprovals: eventRule({
    id: 'notify-approvals',
    description: "Approvals people must answer reach the tenant's notification channels",
    source: 'warden.approvals',
    detailTypes: ['Approval.Requested', 'Approval.Escalated'],
    target: 'notify',
  }),
  notifyMonitoring: eventRule({
    id: 'notify-monitoring',
    description: "Incidents and anomalies reach the tenant's notification channels",
    source: 'warden.monitoring',
    detailTypes: ['Incident.Opened', 'Incident.Resolved', 'Anomaly.Detected'],
    target: 'notify',
  }),
  notifyHygiene: eventRule({
    id: 'notify-hygiene',
    description: "The hygiene sweep's findings (keys expiring or expired, inactive agents) reach the tenant's notification channels",
    source: 'warden.hygiene',
    detailTypes: ['Key.Expiring', 'Key.Expired', 'Agent.Inactive'],
    target: 'notify',
  }),
  notifyQuotas: eventRule({
    id: 'notify-quotas',
    description: "Quotas nearing their limit reach the tenant's notification channels",
    source: 'warden.quotas',
    detailTypes: ['Quota.Threshold'],
    target: 'notify',
  }),
  notifyRemediation: eventRule({
    id: 'notify-remediation',
    description: "Remediation runs' notify steps reach the tenant's notification channels",
    source: 'warden.remediation',
    detailTypes: ['Remediation.Notified'],
    target: 'notify',
  }),
  remediateMonitoring: eventRule({
    id: 'remediate-monitoring',
    description: 'Anomalies and incidents start the playbooks they fire',
    source: 'warden.monitoring',
    detailTypes: ['Anomaly.Detected', 'Incident.Opened'],
    target: 'remediation-trigger',
  }),
  remediateQuotas: eventRule({
    id: 'remediate-quotas',
    description: 'Quotas nearing their limit start the playbooks they fire',
    source: 'warden.quotas',
    detailTypes: ['Quota.Threshold'],
    target: 'remediation-trigger',
  }),
  remediateHygiene: eventRule({
    id: 'remediate-hygiene',
    description: "The hygiene sweep's findings start the playbooks they fire",
    source: 'warden.hygiene',
    detailTypes: ['Key.Expiring', 'Key.Expired', 'Agent.Inactive'],
    target: 'remediation-trigger',
  }),
} as const;

export const EVENT_RULES: readonly EventRule[] = Object.values(EVENT_RULE);

/** The one event bus. */
export const EVENT_BUS = { id: 'bus', envName: 'WARDEN_EVENT_BUS_NAME', localName: 'warden' } as const satisfies {
  envName: FunctionVariable;
  [key: string]: string;
};
