/**
 * Decision logs (`POST /v1/decision-logs`): decisions a local evaluator made with a policy bundle,
 * shipped in batches, at least once. Each becomes an audit record like any decision (`origin:
 * local`, the bundle's ETag), so it is announced, metered and billed by the same stream consumers.
 * A record's id is derived from the agent and the evaluator's `localId`, so a second delivery
 * writes the same item and is counted once.
 */
import { hash } from 'node:crypto';
import { encodeTime } from 'ulid';
import * as z from 'zod';
import { AuthorizeRequestSchema } from './decision-record';

/** Decisions in one shipment at most. */
export const DECISION_LOG_MAX_ENTRIES = 1000;
/**
 * How long after it was made a local decision may still be shipped. The audit log's hours are
 * sealed into signed digests after this delay (shared/audit/digest-sealing.ts), so a decision
 * recorded later would land in an hour already sealed; an evaluator cut off from Warden stops
 * deciding locally within five minutes anyway.
 */
export const DECISION_LOG_MAX_DELAY_HOURS = 1;
/** How far ahead of Warden's clock a decision's time may be (the agent's clock may run fast). */
export const DECISION_LOG_CLOCK_SKEW_SECONDS = 60;

/** One local decision as an evaluator ships it. */
export const LocalDecisionSchema = z
  .object({
    /** The evaluator's own id for the decision: unique per agent, kept across retries. */
    localId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8 to 64 letters, digits, - or _'),
    at: z.iso.datetime(),
    request: AuthorizeRequestSchema,
    /** `require_approval` is never decided locally: the evaluator escalates it to `/v1/authorize`. */
    effect: z.enum(['allow', 'deny']),
    reason: z.string().max(500).optional(),
    rule: z
      .object({ id: z.string().max(200), scope: z.string().max(200), version: z.number().int().positive() })
      .strict()
      .optional(),
    grantId: z.string().max(100).optional(),
    bundleEtag: z.string().max(100),
  })
  .strict();
export type LocalDecision = z.infer<typeof LocalDecisionSchema>;

/** `POST /v1/decision-logs` body. */
export const DecisionLogBatchSchema = z
  .object({
    decisions: z.array(LocalDecisionSchema).min(1).max(DECISION_LOG_MAX_ENTRIES),
    /**
     * Set when some of these decisions may have been sent before (a retry, or what a restarted
     * evaluator found unconfirmed): Warden then looks them up to report them as duplicates. A
     * duplicate is recorded and metered once either way (its record's key is derived from its
     * `localId`); without the flag it is counted as accepted.
     */
    resent: z.boolean().optional(),
  })
  .strict();

/** Why a shipped decision was not recorded. */
export type DecisionLogRejection =
  /** The ETag is not one Warden issued to this agent (forged, altered, or another agent's). */
  | 'unknown_bundle'
  /** Made more than DECISION_LOG_MAX_DELAY_HOURS ago. */
  | 'too_late'
  /** Dated after Warden's clock (beyond the allowed skew). */
  | 'in_the_future'
  /** Made with the bundle the agent holds now, but that bundle decides otherwise. */
  | 'effect_mismatch';

/** What a shipment came to. */
export interface DecisionLogOutcome {
  readonly accepted: number;
  readonly duplicates: number;
  readonly rejected: readonly { readonly localId: string; readonly reason: DecisionLogRejection }[];
}

/** Why a decision made at `at` cannot be recorded at `nowMs`, if it cannot. */
export function timelinessOf(at: string, nowMs: number): 'too_late' | 'in_the_future' | undefined {
  const atMs = Date.parse(at);
  if (atMs > nowMs + DECISION_LOG_CLOCK_SKEW_SECONDS * 1000) return 'in_the_future';
  if (atMs < nowMs - DECISION_LOG_MAX_DELAY_HOURS * 3_600_000) return 'too_late';
  return undefined;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** What a local decision's audit id is derived from: who decided, its `localId`, and what was decided. */
export type LocalDecisionIdentity = Pick<LocalDecision, 'localId' | 'at' | 'effect' | 'bundleEtag' | 'grantId'> & {
  readonly rule?: { readonly id: string } | undefined;
  readonly request: { readonly action: string; readonly tool?: string | undefined; readonly resource?: string | undefined };
};

/**
 * The audit id of a local decision: ULID-shaped (its time is the decision's, so it sorts with the
 * others), the random part a hash of tenant, agent, `localId` and what was decided (time, effect,
 * rule, grant, bundle, action, tool, resource) — the same at every delivery of the decision, and
 * another for a resend that changes what was decided, which is then a second record beside the
 * first, never a rewrite of it.
 */
export function localDecisionId(tenantId: string, agentId: string, decision: LocalDecisionIdentity): string {
  const { request } = decision;
  const identity = [
    tenantId,
    agentId,
    decision.localId,
    decision.at,
    decision.effect,
    decision.rule?.id ?? '',
    decision.grantId ?? '',
    decision.bundleEtag,
    request.action,
    request.tool ?? '',
    request.resource ?? '',
  ].join('\n');
  return `dec_${encodeTime(Date.parse(decision.at), 10)}${identityTail(identity)}`;
}

/**
 * The random part of a local decision's audit id: 16 Crockford characters of the SHA-256 of its
 * identity (its parts joined by newlines, in localDecisionId's order). Exported for the embedded
 * evaluator, which builds the identity from parts it keeps per bundle.
 */
export function identityTail(identity: string): string {
  // 'binary' (latin1): one character per byte of the digest; the one-shot hash makes no Hash object.
  const digest = hash('sha256', identity, 'binary');
  let tail = '';
  for (let i = 0; i < 16; i++) tail += CROCKFORD[digest.charCodeAt(i) & 31];
  return tail;
}
