/**
 * Just-in-time grants: what an approval issues. A grant lets one agent make exactly one request
 * (action, tool, resource) until it expires; the decision path checks expiry itself (POLICY.md
 * step 5), so a grant past its time never allows, whenever TTL deletion happens to run.
 */
import * as z from 'zod';
import { DisplayTextSchema } from '../kernel/schemas';
import type { ApprovalRequest } from './approval';

/** A grant as stored (control table) and shown. */
export interface Grant {
  readonly id: string;
  readonly tenantId: string;
  readonly agentId: string;
  readonly team: string;
  readonly action: string;
  readonly tool?: string | undefined;
  readonly resource?: string | undefined;
  readonly approvalId: string;
  readonly issuedAt: string;
  readonly expiresAt: string;
  readonly approvedBy: readonly string[];
}

/** A grant lasts 60 minutes unless the rule or the access request says less (or the rule more). */
export const DEFAULT_GRANT_MINUTES = 60;

/** The rule's `grantMinutes` or the requested minutes, whichever is shorter; 60 when neither is given. */
export function grantMinutesFor(ruleMinutes: number | undefined, requestedMinutes: number | undefined): number {
  const given = [ruleMinutes, requestedMinutes].filter((minutes): minutes is number => minutes !== undefined);
  return given.length === 0 ? DEFAULT_GRANT_MINUTES : Math.min(...given);
}

/** Whether the grant still allows at `nowMs`. */
export const isLive = (grant: Pick<Grant, 'expiresAt'>, nowMs: number): boolean => Date.parse(grant.expiresAt) > nowMs;

/** `POST /v1/access-requests` body: ask ahead of time for a request, for `minutes`. */
export const AccessRequestInputSchema = z
  .object({
    action: z.string().min(1).max(200),
    tool: z.string().min(1).max(200).optional(),
    resource: z.string().min(1).max(1024).optional(),
    minutes: z.number().int().min(1).max(10_080),
    justification: DisplayTextSchema(1000),
  })
  .strict();
export type AccessRequestInput = z.infer<typeof AccessRequestInputSchema>;

/** What became of an access request when it was made. */
export const AccessRequestOutcomeSchema = z.enum(['not_required', 'denied', 'approval']);

/** An access request as stored; its live state comes from its approval. */
export interface AccessRequest {
  readonly id: string;
  readonly tenantId: string;
  readonly agentId: string;
  readonly request: ApprovalRequest;
  readonly minutes: number;
  readonly justification: string;
  readonly outcome: z.infer<typeof AccessRequestOutcomeSchema>;
  readonly rule?: { readonly id: string; readonly scope: string; readonly version: number };
  readonly reason: string;
  readonly approvalId?: string;
  readonly createdAt: string;
}
