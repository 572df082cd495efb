/** The shapes of the answers the console reads (docs/api.md), for the routes whose OpenAPI entries leave them out. */

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor?: string;
}

export interface Agent {
  readonly id: string;
  readonly name?: string;
  readonly team: string;
  readonly role: string;
  readonly environment: string;
  readonly status: 'active' | 'suspended' | 'decommissioned';
  readonly owner?: string;
  readonly lastSeenAt?: string;
  readonly createdAt: string;
  readonly labels?: Record<string, string>;
  readonly quotas?: Record<string, number>;
}

/** Every rule governing an agent, in evaluation order, with where each comes from. */
export interface EffectivePolicy {
  readonly rules: {
    id: string;
    effect: string;
    actions: string[];
    tools?: string[];
    resources?: string[];
    locked?: boolean;
    scope: string;
    version: number;
  }[];
  readonly defaults: Record<string, string>;
}

export interface Approval {
  readonly id: string;
  readonly status: string;
  readonly agent: { id: string; name: string; team: string; role: string; environment: string; owner: string };
  readonly request: { action: string; tool?: string; resource?: string };
  readonly risk: string;
  readonly rule: { id: string; scope: string; version: number };
  readonly reason: string;
  readonly requiredApprovals: number;
  readonly approvals: { by: string; level: string; at: string; comment?: string }[];
  readonly escalated: boolean;
  readonly deadlineAt: string;
  readonly createdAt: string;
}

export interface LatencyMs {
  readonly p50: number | null;
  readonly p99: number | null;
}

export interface TenantMetrics {
  readonly window: string;
  readonly from: string;
  readonly to: string;
  readonly activeAgents: number;
  readonly decisions: number;
  readonly denied: number;
  readonly approvalsRequired: number;
  readonly denyRate: number;
  readonly latencyMs: LatencyMs;
  readonly approvals: { pending: number; decided: number; medianMinutesToDecide: number | null };
  readonly quota?: { period: string; used: number; limit: number; ratio: number };
  readonly series: { at: string; decisions: number; denied: number; approvalsRequired: number }[];
  readonly topDenied: { action: string; tool?: string; count: number }[];
  readonly topAgents: { agentId: string; decisions: number; denied: number }[];
}

export interface PlatformMetrics {
  readonly window: string;
  readonly tenants: { tenantId: string; activeAgents: number; decisions: number; denyRate: number; openIncidents: number }[];
  readonly system: { streamLagSeconds: number | null; deadLetters: number; errorRate: number | null; latencyMs: LatencyMs };
}

export interface Incident {
  readonly id: string;
  readonly title: string;
  readonly severity: string;
  readonly status: string;
  readonly agentId: string;
  readonly team: string;
  readonly openedAt: string;
}

export interface Anomaly {
  readonly id: string;
  readonly kind: string;
  readonly agentId: string;
  readonly observed: number;
  readonly baseline: number;
  readonly detectedAt: string;
}

export interface Criterion {
  readonly id: string;
  readonly level: number;
  readonly title: string;
  readonly met: boolean;
  readonly evidence: Record<string, unknown>;
  readonly howTo: string;
}

export interface Maturity {
  readonly level: number;
  readonly name: string;
  readonly score: number;
  readonly criteria: Criterion[];
  readonly nextSteps: { id: string; level: number; title: string; howTo: string }[];
  readonly history?: { week: string; level: number; name: string; score: number }[];
}

export interface DecisionRecord {
  readonly kind: 'decision';
  readonly id: string;
  readonly at: string;
  readonly agent: { id: string };
  readonly request: { action: string; tool?: string; resource?: string };
  readonly effect: string;
  readonly reason: string;
  readonly latencyMs: number;
}

export interface PolicyScope {
  readonly scope: string;
  readonly latestVersion: number;
  readonly activeVersion?: number;
}

export interface PolicyDocument {
  readonly defaults?: Record<string, string>;
  readonly rules: { id: string; effect: string; actions: string[]; [field: string]: unknown }[];
}

export interface PolicyVersion {
  readonly scope: string;
  readonly version: number;
  readonly status: string;
  readonly author: string;
  readonly reason: string;
  readonly createdAt: string;
  readonly document: PolicyDocument;
}

export interface PolicyDiff {
  readonly from: number;
  readonly to: number;
  readonly added: { id: string }[];
  readonly removed: { id: string }[];
  readonly changed: { id: string; changes: { field: string; from: unknown; to: unknown }[] }[];
  readonly reordered: boolean;
}

export interface TestRun {
  readonly passed: number;
  readonly failed: number;
  readonly results: { name: string; passed: boolean; expected?: string; actual?: string; library?: string }[];
}

export interface Impact {
  readonly replayed: number;
  readonly changed: number;
  readonly transitions: { from: string; to: string; count: number }[];
}

export interface Simulation {
  readonly effect: string;
  readonly reason: string;
  readonly rule?: { id: string; scope: string; version: number };
}

export interface UsageCounts {
  readonly decisions: number;
  readonly allowed: number;
  readonly denied: number;
  readonly approvalsRequired: number;
}

export interface Usage {
  readonly period: string;
  readonly totals: UsageCounts & { activeAgents: number };
  readonly byTeam: (UsageCounts & { team: string })[];
  readonly byAgent: (UsageCounts & { agentId: string })[];
  readonly byDay: (UsageCounts & { day: string })[];
}

export interface Reconciliation {
  readonly period: string;
  readonly closed: boolean;
  readonly auditedDecisions: number;
  readonly billedDecisions: number;
  readonly difference: number;
}
