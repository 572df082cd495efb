/** Approvals and just-in-time access: approvals, their workflow steps, grants and access requests. */
export * from './approval';
export type { ApprovalStore } from './approval-store';
export type { ApprovalWorkflow, WorkflowState } from './approval-workflow';
export { type Approvals, createApprovals, type EvaluateRequest, type OpenApprovalInput } from './approvals';
export * from './grant';
