/**
 * What the decision path needs from storage: write decision records durably (with their
 * idempotency key), and read the audit log back. DynamoDB implementation:
 * shared/adapters/dynamodb/dynamodb-decision-store.ts.
 */
import type { AuditReader } from '../audit/audit-reader';
import type { DecisionRecord } from './decision-record';

export interface IdempotencyClaim {
  readonly agentId: string;
  readonly key: string;
  /** What the key was first sent with (idempotency.ts): a retry must send the same. */
  readonly fingerprint: string;
  /** When the claim lapses (epoch seconds). */
  readonly expiresAtEpoch: number;
  readonly nowEpoch: number;
  /** The answers to replay to a retry. */
  readonly answers: unknown;
}

/** What a claimed key holds: the answers to replay and the fingerprint of the request they answered. */
export interface ClaimedAnswers {
  readonly answers: unknown;
  /** Absent on claims written before keys were bound to their request. */
  readonly fingerprint?: string;
}

export interface DecisionStore extends AuditReader {
  /**
   * Writes the records of one request or batch before they are answered (usage is counted from
   * them later, by the usage meter). Throws when any record may be unwritten. With a claim, the
   * first writer of an (agent, key) pair within its lifetime wins; a later one writes nothing and
   * gets what the first stored.
   */
  record(records: readonly DecisionRecord[], claim?: IdempotencyClaim): Promise<{ replayed?: ClaimedAnswers }>;
  /**
   * Which of these records (by time and id) the audit log holds already, read strongly consistent:
   * a shipped local decision has a deterministic id, so a second delivery is found here.
   */
  recorded(tenantId: string, records: readonly { readonly at: string; readonly id: string }[]): Promise<Set<string>>;
  /** The live claim of an agent's key (strongly consistent), if there is one at `nowEpoch`. */
  claimed(tenantId: string, agentId: string, key: string, nowEpoch: number): Promise<ClaimedAnswers | undefined>;
}
