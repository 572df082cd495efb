/**
 * Approvals: a human review of one request of one agent that policy marked `require_approval`.
 * Schemas of what is stored and what callers send, and the pure rules of routing (who reviews at
 * which level) and authority (who may decide). See docs/decisions/approvals.md.
 */
import * as z from 'zod';
import type { OperatorPrincipal } from '../auth/principal';
import { DisplayTextSchema, PageQuerySchema } from '../kernel/schemas';
import type { Risk } from '../policy/document';

export const ApprovalStatusSchema = z.enum(['pending', 'approved', 'rejected', 'expired', 'cancelled']);
export type ApprovalStatus = z.infer<typeof ApprovalStatusSchema>;

/** Who reviews at a level, from least to most authority. */
export const APPROVER_LEVELS = ['team-lead', 'security', 'tenant-admin'] as const;
export type ApproverLevel = (typeof APPROVER_LEVELS)[number];

/** The request under review: exactly what a grant will cover. */
export interface ApprovalRequest {
  readonly action: string;
  readonly tool?: string | undefined;
  readonly resource?: string | undefined;
}

/** One approver's yes. */
export interface ApprovalVote {
  readonly by: string;
  readonly level: ApproverLevel;
  readonly at: string;
  readonly comment?: string | undefined;
}

/** An approval as stored (control table). */
export interface Approval {
  readonly id: string;
  readonly tenantId: string;
  readonly agent: {
    readonly id: string;
    readonly name: string;
    readonly team: string;
    readonly role: string;
    readonly environment: string;
    readonly owner: string;
  };
  readonly request: ApprovalRequest;
  /** Identifies (agent, request): a second ask for the same joins the open approval. */
  readonly requestKey: string;
  readonly risk: Risk;
  readonly rule: { readonly id: string; readonly scope: string; readonly version: number };
  readonly reason: string;
  /** How long the grant lasts once approved. */
  readonly grantMinutes: number;
  readonly origin:
    | { readonly type: 'decision'; readonly decisionId: string }
    | { readonly type: 'access_request'; readonly accessRequestId: string; readonly justification: string };
  readonly status: ApprovalStatus;
  /** 1, or 2 distinct approvers for critical risk. */
  readonly requiredApprovals: number;
  readonly approvals: readonly ApprovalVote[];
  /** Set once the first level timed out; a second timeout expires the approval. */
  readonly escalated: boolean;
  /** When the current level times out. */
  readonly deadlineAt: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly decidedAt?: string;
  readonly decidedBy?: string;
  readonly comment?: string;
  readonly grant?: { readonly id: string; readonly expiresAt: string };
  /** The workflow's current task token (never shown to callers). */
  readonly taskToken?: string;
  readonly executionArn?: string;
  readonly version: number;
}

/** `POST .../approvals/{id}/approve|reject` body. */
export const ApprovalDecisionSchema = z.object({ comment: DisplayTextSchema(1000).optional() }).strict();
export type ApprovalDecisionInput = z.infer<typeof ApprovalDecisionSchema>;

/** `GET .../approvals` query. */
export const ListApprovalsQuerySchema = PageQuerySchema.extend({ status: ApprovalStatusSchema.default('pending') }).strict();
export type ListApprovalsQuery = z.infer<typeof ListApprovalsQuerySchema>;

/** What callers see of an approval (the task token and execution stay inside). */
export function approvalView(approval: Approval) {
  const { taskToken: _token, executionArn: _execution, requestKey: _key, version: _version, ...view } = approval;
  return { ...view, awaiting: approval.status === 'pending' ? awaitingLevel(approval) : undefined };
}

/** Two distinct approvers for critical risk, one otherwise. */
export const requiredApprovalsFor = (risk: Risk): number => (risk === 'critical' ? 2 : 1);

const next = (level: ApproverLevel): ApproverLevel =>
  APPROVER_LEVELS[Math.min(APPROVER_LEVELS.indexOf(level) + 1, APPROVER_LEVELS.length - 1)] as ApproverLevel;

/**
 * The level that must decide now: low/medium risk → the agent's team leads; high → security;
 * critical → security, then tenant-admin for the second approval. After an escalation, one level up.
 */
export function awaitingLevel(approval: Pick<Approval, 'risk' | 'escalated' | 'approvals'>): ApproverLevel {
  const base: ApproverLevel =
    approval.risk === 'critical'
      ? approval.approvals.length === 0
        ? 'security'
        : 'tenant-admin'
      : approval.risk === 'high'
        ? 'security'
        : 'team-lead';
  return approval.escalated ? next(base) : base;
}

/** The highest level the operator holds for this agent (team leads only for their teams). */
function levelOf(principal: OperatorPrincipal, agentTeam: string): ApproverLevel | undefined {
  if (principal.roles.includes('tenant-admin')) return 'tenant-admin';
  if (principal.roles.includes('security')) return 'security';
  if (principal.roles.includes('team-lead') && principal.teams.includes(agentTeam)) return 'team-lead';
  return undefined;
}

/** Why `principal` may not decide `approval` now, as an error code; undefined when they may. */
export function authorityProblem(principal: OperatorPrincipal, approval: Approval): string | undefined {
  if (principal.tenantId !== approval.tenantId) return 'forbidden';
  if (approval.agent.owner === principal.sub) return 'owner_cannot_approve';
  const held = levelOf(principal, approval.agent.team);
  if (held === undefined || APPROVER_LEVELS.indexOf(held) < APPROVER_LEVELS.indexOf(awaitingLevel(approval))) return 'beyond_authority';
  if (approval.approvals.some((vote) => vote.by === principal.sub)) return 'second_approver_must_differ';
  return undefined;
}

/** Whether `principal` may see `approval` at all (team leads: only their teams' agents). */
export function maySee(principal: OperatorPrincipal, approval: Approval): boolean {
  if (principal.tenantId !== approval.tenantId) return false;
  if (principal.roles.some((role) => role === 'tenant-admin' || role === 'security' || role === 'auditor')) return true;
  return principal.roles.includes('team-lead') && principal.teams.includes(approval.agent.team);
}

/** A stable key for (agent, request): the same ask joins the same open approval. */
export const requestKeyOf = (agentId: string, request: ApprovalRequest): string =>
  JSON.stringify([agentId, request.action, request.tool ?? '', request.resource ?? '']);
