/**
 * How events flow: streams that become events (a table's stream → enrichment function → bus, on
 * AWS through EventBridge Pipes), functions that consume a stream directly, and rules that deliver
 * events to consumer functions.
 */
import type { TableId } from './tables';

/** An EventBridge pattern (the subset Warden uses: exact values, `prefix`, `anything-but`, `exists`). */
export type EventPattern = Readonly<Record<string, unknown>>;

export interface EventRule {
  readonly id: string;
  readonly description: string;
  readonly pattern: EventPattern;
  /** Function that receives matching events. */
  readonly target: string;
}

export interface StreamFlow {
  readonly id: string;
  readonly table: TableId;
  /** Function that turns a batch of stream records into `{source, detailType, detail}` entries. */
  readonly enrichment: string;
}

export const STREAM_FLOWS: readonly StreamFlow[] = [
  { id: 'audit-events', table: 'audit', enrichment: 'audit-stream-relay' },
];

/**
 * Functions that consume a table's stream directly (a Lambda event source mapping on AWS): each
 * gets batches of stream records in order per partition key, at least once.
 */
export interface StreamConsumer {
  readonly id: string;
  readonly table: TableId;
  /** Function that receives `{Records}` batches (a DynamoDB stream event). */
  readonly consumer: string;
  /** Records per batch, at most. */
  readonly batchSize: number;
}

export const STREAM_CONSUMERS: readonly StreamConsumer[] = [
  { id: 'usage-meter', table: 'audit', consumer: 'usage-meter', batchSize: 100 },
];

export const EVENT_RULES: readonly EventRule[] = [
  {
    id: 'tenant-stats',
    description: 'Agent lifecycle events keep the per-tenant agent counts',
    pattern: { source: ['warden.agents'], 'detail-type': ['Agent.Registered', 'Agent.Suspended', 'Agent.Reinstated', 'Agent.Decommissioned'] },
    target: 'tenant-stats-projection',
  },
  {
    id: 'approvals-agent-left',
    description: 'A suspended or decommissioned agent loses its pending approvals and its grants',
    pattern: { source: ['warden.agents'], 'detail-type': ['Agent.Suspended', 'Agent.Decommissioned'] },
    target: 'approvals-agent-left',
  },
];

/** The one event bus. */
export const EVENT_BUS = { id: 'bus', envName: 'WARDEN_EVENT_BUS_NAME', localName: 'warden' } as const;
