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
