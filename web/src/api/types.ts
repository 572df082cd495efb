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

/** A live just-in-time grant: one agent may make exactly this request until it expires. */
export interface Grant {
  readonly id: string;
  readonly agentId: string;
  readonly team: string;
  readonly action: string;
  readonly tool?: string;
  readonly resource?: string;
  /** The approval that issued it. */
  readonly approvalId: string;
  readonly approvedBy: readonly string[];
  readonly issuedAt: string;
  readonly expiresAt: string;
}

/** One FOCUS 1.2 billing line: every column, null where it does not apply; decimals as exact strings. */
export type FocusLine = Readonly<Record<string, string | null>>;

/** A billing export in JSON: small ones inline, large ones as a link to download from. */
export type BillingExport =
  | { readonly focusVersion: string; readonly columns: string[]; readonly lines: FocusLine[] }
  | { readonly download: { url: string; expiresAt: string; bytes: number; lines: number; format: string } };

/** A tier's prices (exact decimals) and the units it includes. */
export interface PricePlan {
  readonly tier: string;
  readonly currency: string;
  readonly prices: { decisionsPer1000: string; approval: string; activeAgentMonth: string };
  readonly included: { decisions: number; approvals: number; activeAgents: number };
  readonly version: number;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** What closing a month froze. */
export interface ClosedPeriod {
  readonly period: string;
  readonly closedAt: string;
  readonly closedBy: string;
  readonly tenants: number;
}
