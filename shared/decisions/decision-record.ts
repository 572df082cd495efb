/**
 * Decision records: the durable audit entry of every decision (who asked, what, the answer and why,
 * under which policy versions), written before the answer is returned. Each announces
 * `Decision.Made` through the audit table's stream (decisionEventOf).
 */
import * as z from 'zod';
import { domainEvent, type DomainEvent } from '../events/catalog';
import type { Decision, DecisionAgent, DecisionRequest } from '../policy/decide';
import { ScenarioRequestSchema } from '../policy/test-runner';

/** `POST /v1/authorize` body. */
export const AuthorizeRequestSchema = ScenarioRequestSchema;
export type AuthorizeRequest = z.infer<typeof AuthorizeRequestSchema>;

/** `POST /v1/authorize/batch` body: 1 to 100 requests, answered in order. */
export const AuthorizeBatchSchema = z.object({ requests: z.array(AuthorizeRequestSchema).min(1).max(100) }).strict();

/** An audit record of kind `decision`. */
export interface DecisionRecord {
  readonly kind: 'decision';
  readonly id: string;
  readonly tenantId: string;
  readonly at: string;
  readonly agent: DecisionAgent;
  readonly request: DecisionRequest;
  readonly effect: Decision['effect'];
  readonly reason: string;
  readonly rule?: Decision['rule'];
  readonly grantId?: string;
  /** The approval a `require_approval` answer opened or joined. */
  readonly approvalId?: string;
  readonly risk?: string;
  readonly versions: Decision['consulted'];
  readonly policyEpoch: number;
  readonly warnings: Decision['warnings'];
  readonly latencyMs: number;
  readonly idempotencyKey?: string;
  readonly batchId?: string;
  /** Set on the first record of a batch, so metering counts each batch request once. */
  readonly batchFirst?: true;
  /** Set when the request was refused before any decision (`agent_suspended`, `tenant_suspended`). */
  readonly refusal?: string;
  /** `local` for a decision a local evaluator made with a policy bundle and shipped (decision-logs.ts). */
  readonly origin?: 'local';
  /** The ETag of the bundle a local decision was made with. */
  readonly bundleEtag?: string;
  /** The evaluator's id of a local decision. */
  readonly localId?: string;
  /** Epoch seconds after which DynamoDB's TTL removes the record (tenant `retentionDays`). */
  readonly expiresAtEpoch: number;
}

/** The answer an agent gets (API.md "Agents"). */
export const answerOf = (record: DecisionRecord) => ({
  decisionId: record.id,
  effect: record.effect,
  reason: record.reason,
  ...(record.rule ? { rule: record.rule } : {}),
  ...(record.grantId ? { grantId: record.grantId } : {}),
  ...(record.approvalId ? { approvalId: record.approvalId } : {}),
  ...(record.risk ? { risk: record.risk } : {}),
  policyEpoch: record.policyEpoch,
  ...(record.warnings.length > 0 ? { warnings: record.warnings } : {}),
});
export type DecisionAnswer = ReturnType<typeof answerOf>;

/**
 * The `Decision.Made` event a decision record announces, derived from the record itself: a
 * decision is stored without a copy of its event (it would push the item past 1 KB, one more
 * write unit on every decision), and the relay derives it from the stream's new image.
 */
export const decisionEventOf = (
  record: Pick<DecisionRecord, 'tenantId' | 'id' | 'agent' | 'effect' | 'rule'> & { request: { action: string } },
): DomainEvent<'Decision.Made'> =>
  domainEvent('Decision.Made', {
    tenantId: record.tenantId,
    decisionId: record.id,
    agentId: record.agent.id,
    team: record.agent.team,
    role: record.agent.role,
    environment: record.agent.environment,
    action: record.request.action,
    effect: record.effect,
    ...(record.rule ? { ruleId: record.rule.id, scope: record.rule.scope, version: record.rule.version } : {}),
  });
