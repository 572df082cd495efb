/**
 * An evaluator an agent's Node process embeds (a local engine). It holds the agent's signed policy
 * bundle (`GET /v1/agent/bundle`, polled with a conditional GET), verifies its signature against the
 * published keys, and decides with the very engine of the server (shared/policy through
 * shared/decisions/policy-bundle.ts), so its answers are `/v1/authorize`'s for the same bundle.
 *
 * `decide` audits: each local decision is appended to a durable log on disk (durable-log.ts) before
 * it is answered, and a shipper sends the log to `POST /v1/decision-logs` in batches, at least once
 * (Warden counts each `localId` once), retrying with backoff; a restarted process ships what was not
 * confirmed. Decisions Warden refuses to record go to a dead-letter file.
 *
 * What is not decided locally goes to `POST /v1/authorize`, which decides and audits it centrally:
 * everything while no bundle is valid (fail safe: never allow from a stale bundle — past `notAfter`,
 * or five minutes after the server last confirmed it unchanged), every `require_approval` (the central
 * API opens or joins the approval; the grant it leads to arrives in a later bundle), and every
 * decision once a quota is in force and the evaluator's leased units are spent and no more are given.
 */
import type { JSONWebKeySet } from 'jose';
import { randomBytes } from 'node:crypto';
import { verifyBundleJws } from '../../../shared/auth/bundle-keys';
import { DECISION_LOG_MAX_ENTRIES, type LocalDecision, localDecisionId } from '../../../shared/decisions/decision-logs';
import type { AuthorizeRequest } from '../../../shared/decisions/decision-record';
import {
  BUNDLE_LIFETIME_SECONDS,
  type CompiledBundle,
  compileBundle,
  decideWithBundle,
  type PolicyBundle,
  PolicyBundleSchema,
} from '../../../shared/decisions/policy-bundle';
import { type Durability, type DurableLog, openDurableLog } from './durable-log';
import { type RecordBody, type RecordHead, recordHead, recordId, recordLine, timeOf } from './local-record';

export interface EvaluatorOptions {
  /** Warden's API, e.g. https://warden.example.com */
  readonly url: string;
  /** The agent's API key. */
  readonly apiKey: string;
  /** Where the local decision log lives (one directory per evaluator; it survives restarts). */
  readonly logDirectory?: string;
  /**
   * `process` (default): a decision is written to the log before it is answered and the log is
   * fsync'd every `syncIntervalMs` (20 ms); `host`: answered only once fsync'd (durable-log.ts).
   */
  readonly durability?: Durability;
  readonly syncIntervalMs?: number;
  /** Process durability only: one write per turn of the event loop for the decisions made in it (durable-log.ts). */
  readonly groupWrites?: boolean;
  /** Shipments of up to 1,000 decisions sent at once when the log has more (default 2). */
  readonly shipConcurrency?: number;
  /**
   * The keys bundles must be signed with. Given, they are the only ones trusted (pin them where the
   * network between the agent and Warden is not trusted); absent, they are fetched from
   * `GET /v1/agent/bundle/keys` of `url`.
   */
  readonly keys?: JSONWebKeySet;
  /** Each call's limit (default 5 s). */
  readonly timeoutMs?: number;
  /** How often `start` asks whether the bundle changed (default 1 s). */
  readonly pollIntervalMs?: number;
  /** How often `start` ships the log (default 250 ms). */
  readonly shipIntervalMs?: number;
  /** Quota units asked for at a time when a quota is in force (default 1,000). */
  readonly leaseUnits?: number;
  readonly now?: () => number;
}

/** Why a bundle was refused. */
export class BundleRefusedError extends Error {
  override readonly name = 'BundleRefusedError';
}

/** The central API's refusal of a decision it was asked for (e.g. 403 for a suspended agent, 429 for a spent quota). */
export class CentralRefusalError extends Error {
  override readonly name = 'CentralRefusalError';
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`Warden answered ${status}: ${JSON.stringify(body)}`);
  }
}

/** An answer of `decide`: `/v1/authorize`'s shape, and where it was decided. */
export interface EvaluatorAnswer {
  readonly decisionId: string;
  readonly effect: 'allow' | 'deny' | 'require_approval';
  readonly reason: string;
  readonly rule?: { readonly id: string; readonly scope: string; readonly version: number };
  readonly grantId?: string;
  readonly approvalId?: string;
  readonly risk?: string;
  readonly policyEpoch: number;
  readonly warnings?: readonly unknown[];
  readonly origin: 'local' | 'central';
}

/** What the evaluator did since it started. */
export interface EvaluatorStats {
  local: number;
  central: number;
  shipped: number;
  duplicates: number;
  deadLettered: number;
}

const MAX_BACKOFF_MS = 30_000;

export function createEvaluator(options: EvaluatorOptions) {
  const base = options.url.replace(/\/+$/, '');
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 5000;
  const leaseUnits = options.leaseUnits ?? 1000;
  const authorization = `Bearer ${options.apiKey}`;
  let held: CompiledBundle | undefined;
  let keys: JSONWebKeySet | undefined = options.keys;
  /** Leased quota units, soonest to expire first. */
  let leases: { units: number; expiresAtMs: number }[] = [];
  let leasing: Promise<unknown> | undefined;
  let log: Promise<DurableLog<LocalDecision>> | undefined;
  /** The log once open (decide's fast path skips awaiting it). */
  let opened: DurableLog<LocalDecision> | undefined;
  let shipping: Promise<number> | undefined;
  /** The log's offset up to which entries were sent at least once (or may have been, by an earlier process). */
  let sentUpTo = 0;
  const timers: NodeJS.Timeout[] = [];
  let running = false;
  const stats: EvaluatorStats = { local: 0, central: 0, shipped: 0, duplicates: 0, deadLettered: 0 };
  /**
   * Local ids: this instance's random prefix and a counter — unique across restarts and processes
   * without the cost of a random ULID per decision (tens of µs).
   */
  const idPrefix = randomBytes(12).toString('base64url');
  let idCounter = 0;
  /** What the records of the held bundle's decisions share (local-record.ts). */
  let head: (RecordHead & { bundle: PolicyBundle }) | undefined;

  const call = (path: string, init: RequestInit = {}) => fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(timeoutMs) });

  const openLog = () => {
    if (!options.logDirectory) throw new Error('Give the evaluator a logDirectory to decide locally (every local decision is audited)');
    log ??= openDurableLog<LocalDecision>(options.logDirectory, {
      ...(options.durability ? { durability: options.durability } : {}),
      ...(options.groupWrites ? { groupWrites: true } : {}),
      ...(options.syncIntervalMs ? { syncIntervalMs: options.syncIntervalMs } : {}),
    }).then(async (opened) => {
      // What the log holds when opened may have been sent by the process before: its shipments say so.
      sentUpTo = await opened.size();
      return opened;
    });
    return log;
  };

  async function publishedKeys(refresh: boolean): Promise<JSONWebKeySet> {
    if (options.keys) return options.keys;
    if (keys && !refresh) return keys;
    const answer = await call('/v1/agent/bundle/keys');
    if (!answer.ok) throw new BundleRefusedError(`The bundle keys answered ${answer.status}`);
    keys = (await answer.json()) as JSONWebKeySet;
    return keys;
  }

  /** The bundle in `jws`, verified (with fresh keys once, should the signing key have changed). */
  async function verified(jws: string): Promise<PolicyBundle> {
    let payload: unknown;
    try {
      payload = await verifyBundleJws(jws, await publishedKeys(false));
    } catch {
      try {
        payload = await verifyBundleJws(jws, await publishedKeys(true));
      } catch (error) {
        throw new BundleRefusedError(`The bundle's signature does not verify: ${(error as Error).message}`);
      }
    }
    const parsed = PolicyBundleSchema.safeParse(payload);
    if (!parsed.success) throw new BundleRefusedError(`The bundle is not one this evaluator reads: ${parsed.error.issues[0]?.message}`);
    const bundle = parsed.data as unknown as PolicyBundle;
    if (held && bundle.agent.id !== held.bundle.agent.id) throw new BundleRefusedError('The bundle is for another agent');
    return bundle;
  }

  /**
   * Asks for the current bundle: 'updated' when a new one is held, 'unchanged' when the server
   * confirmed the one held (its validity is extended). With `lease`, asks for that many quota units
   * too (always a new bundle). Throws BundleRefusedError for a bundle that does not verify and for a
   * refusal (a suspended agent gets 403): the held bundle is then dropped, so nothing is decided
   * locally until a good one comes.
   */
  async function refresh(ask: { lease?: number } = {}): Promise<'updated' | 'unchanged'> {
    const answer = await call(`/v1/agent/bundle${ask.lease ? `?lease=${ask.lease}` : ''}`, {
      headers: { authorization, ...(held && !ask.lease ? { 'if-none-match': held.bundle.etag } : {}) },
    });
    if (answer.status === 304 && held) {
      held = { ...held, validUntilMs: Math.max(held.validUntilMs, now() + BUNDLE_LIFETIME_SECONDS * 1000) };
      return 'unchanged';
    }
    if (!answer.ok) {
      held = undefined;
      throw new BundleRefusedError(`The bundle was refused: ${answer.status} ${await answer.text()}`);
    }
    const bundle = await verified(await answer.text());
    held = compileBundle(bundle);
    if (bundle.lease && bundle.lease.units > 0)
      leases = [...leases, { units: bundle.lease.units, expiresAtMs: Date.parse(bundle.lease.expiresAt) }].sort(
        (a, b) => a.expiresAtMs - b.expiresAtMs,
      );
    return 'updated';
  }

  /** Takes one leased unit, asking for more once when none is left; false when Warden gives none. */
  async function takeUnit(): Promise<boolean> {
    for (let round = 0; round < 2; round++) {
      leases = leases.filter((lease) => lease.units > 0 && lease.expiresAtMs > now());
      const lease = leases[0];
      if (lease) {
        lease.units--;
        return true;
      }
      if (round === 0) {
        leasing ??= refresh({ lease: leaseUnits })
          .catch(() => undefined)
          .finally(() => (leasing = undefined));
        await leasing;
      }
    }
    return false;
  }

  /** Asks the central API to decide (and audit) `request`. */
  async function central(request: AuthorizeRequest): Promise<EvaluatorAnswer> {
    const answer = await call('/v1/authorize', {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    const body = (await answer.json().catch(() => undefined)) as Omit<EvaluatorAnswer, 'origin'> | undefined;
    if (!answer.ok || !body) throw new CentralRefusalError(answer.status, body);
    stats.central++;
    return { ...body, origin: 'central' };
  }

  /** Sends one shipment; what Warden refused, or throws when it should be sent again later. */
  async function send(entries: readonly LocalDecision[], resent: boolean): Promise<{ entry: LocalDecision; reason: string }[]> {
    const answer = await call('/v1/decision-logs', {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ decisions: entries, ...(resent ? { resent } : {}) }),
    });
    if (answer.ok) {
      const outcome = (await answer.json()) as { accepted: number; duplicates: number; rejected: { localId: string; reason: string }[] };
      const reasons = new Map(outcome.rejected.map(({ localId, reason }) => [localId, reason]));
      stats.shipped += outcome.accepted;
      stats.duplicates += outcome.duplicates;
      return entries.filter((entry) => reasons.has(entry.localId)).map((entry) => ({ entry, reason: reasons.get(entry.localId)! }));
    }
    // Refused as a whole, it would be refused again: kept for people, and shipping goes on.
    if (answer.status === 400 || answer.status === 413) {
      const reason = `refused with ${answer.status}: ${await answer.text()}`;
      return entries.map((entry) => ({ entry, reason }));
    }
    throw new Error(`Shipping decisions answered ${answer.status}`);
  }

  /**
   * Ships what the log holds, up to `shipConcurrency` shipments at once; confirms the shipments
   * that succeeded up to the first that did not (which is sent again later, with those after it:
   * Warden counts a resent decision once). The number of decisions confirmed.
   */
  async function shipOnce(): Promise<number> {
    const durable = await openLog();
    const concurrency = options.shipConcurrency ?? 2;
    const { entries, offsets } = await durable.unshipped(DECISION_LOG_MAX_ENTRIES * concurrency);
    if (entries.length === 0) return 0;
    const shipments: { entries: LocalDecision[]; resent: boolean }[] = [];
    for (let i = 0; i < entries.length; i += DECISION_LOG_MAX_ENTRIES)
      shipments.push({ entries: entries.slice(i, i + DECISION_LOG_MAX_ENTRIES), resent: offsets[i]! <= sentUpTo });
    sentUpTo = Math.max(sentUpTo, offsets[entries.length - 1]!);
    const results = await Promise.allSettled(shipments.map((shipment) => send(shipment.entries, shipment.resent)));
    const succeeded = results.findIndex((result) => result.status === 'rejected');
    const done = succeeded === -1 ? results.length : succeeded;
    const refused = results.slice(0, done).flatMap((result) => (result.status === 'fulfilled' ? result.value : []));
    await durable.deadLetter(refused);
    stats.deadLettered += refused.length;
    const confirmed = shipments.slice(0, done).reduce((sum, shipment) => sum + shipment.entries.length, 0);
    if (confirmed > 0 && (await durable.confirm(offsets[confirmed - 1]!))) sentUpTo = 0;
    if (done < results.length) throw (results[done] as PromiseRejectedResult).reason;
    return confirmed;
  }

  /** Ships until the log is confirmed up to now (one shipper at a time). */
  function flush(): Promise<number> {
    shipping ??= (async () => {
      let total = 0;
      for (let sent = await shipOnce(); sent > 0; sent = await shipOnce()) total += sent;
      return total;
    })().finally(() => (shipping = undefined));
    return shipping;
  }

  /** Runs `task` every `everyMs`, backing off (doubling, with jitter, up to 30 s) while it fails. */
  function repeat(task: () => Promise<unknown>, everyMs: number) {
    let failures = 0;
    const next = () => {
      if (!running) return;
      const delay = failures === 0 ? everyMs : Math.min(MAX_BACKOFF_MS, everyMs * 2 ** failures) * (0.5 + Math.random() / 2);
      const timer = setTimeout(() => {
        timers.splice(timers.indexOf(timer), 1);
        task()
          .then(
            () => (failures = 0),
            () => (failures = Math.min(failures + 1, 16)),
          )
          .finally(next);
      }, delay);
      timer.unref();
      timers.push(timer);
    };
    next();
  }

  return {
    refresh,
    flush,

    /**
     * Opens the log, fetches the bundle (a failure only means decisions go to the central API until
     * a poll succeeds), then keeps the bundle current and ships the log in the background.
     */
    async start(): Promise<void> {
      await openLog();
      running = true;
      await refresh().catch(() => undefined);
      repeat(() => refresh(), options.pollIntervalMs ?? 1000);
      repeat(() => flush(), options.shipIntervalMs ?? 250);
    },

    /** Stops polling and shipping, ships what it can (best effort), and closes the log. */
    async stop(): Promise<void> {
      running = false;
      for (const timer of timers.splice(0)) clearTimeout(timer);
      if (!log) return;
      await flush().catch(() => undefined);
      await (await log).close();
      log = undefined;
      opened = undefined;
    },

    /**
     * Decides `request`: locally with the bundle, appended to the durable log before answering, or
     * centrally when the bundle cannot (module comment). Throws CentralRefusalError when the central
     * API refuses (403 suspended, 429 quota spent).
     */
    async decide(request: AuthorizeRequest): Promise<EvaluatorAnswer> {
      const durable = opened ?? (opened = await openLog());
      const nowMs = now();
      const compiled = held;
      const decision = compiled ? decideWithBundle(compiled, request, nowMs) : undefined;
      if (!compiled || !decision || decision.effect === 'require_approval') return central(request);
      if (compiled.bundle.quotaLimited && !(await takeUnit())) return central(request);
      const { bundle } = compiled;
      const effect = decision.effect;
      const counter = (idCounter++).toString(36);
      const time = timeOf(nowMs);
      let decisionId: string;
      let written: Promise<void> | undefined;
      if (time) {
        // The hot path: the line and the id made from parts shared by the bundle's decisions.
        if (head?.bundle !== bundle) head = { bundle, ...recordHead(bundle, idPrefix) };
        const body: RecordBody = {
          counter,
          time,
          request,
          effect,
          reason: decision.reason,
          rule: decision.rule,
          grantId: decision.grantId,
        };
        written = durable.appendLine(recordLine(head, body));
        decisionId = recordId(head, body);
      } else {
        // A clock outside 1970–9999 or not in whole milliseconds (an injected `now`).
        const entry: LocalDecision = {
          localId: `${idPrefix}-${counter}`,
          at: new Date(nowMs).toISOString(),
          request,
          effect,
          reason: decision.reason,
          ...(decision.rule ? { rule: { id: decision.rule.id, scope: decision.rule.scope, version: decision.rule.version } } : {}),
          ...(decision.grantId ? { grantId: decision.grantId } : {}),
          bundleEtag: bundle.etag,
        };
        written = durable.append(entry);
        decisionId = localDecisionId(bundle.tenantId, bundle.agent.id, entry);
      }
      // Process durability: the line is written already, nothing to wait for (unless writes are grouped).
      if (written) await written;
      stats.local++;
      return {
        decisionId,
        effect,
        reason: decision.reason,
        ...(decision.rule ? { rule: decision.rule } : {}),
        ...(decision.grantId ? { grantId: decision.grantId } : {}),
        ...(decision.risk ? { risk: decision.risk } : {}),
        policyEpoch: bundle.policyEpoch,
        ...(decision.warnings.length > 0 ? { warnings: decision.warnings } : {}),
        origin: 'local',
      };
    },

    /** The local decision without recording it (what-if checks and tests), or undefined without a valid bundle. */
    check(request: AuthorizeRequest) {
      return held ? decideWithBundle(held, request, now()) : undefined;
    },

    /** The bundle held, if any. */
    get bundle(): PolicyBundle | undefined {
      return held?.bundle;
    },

    /** Quota units leased and not yet spent. */
    get leasedUnits(): number {
      return leases.filter((lease) => lease.expiresAtMs > now()).reduce((sum, lease) => sum + lease.units, 0);
    },

    get stats(): Readonly<EvaluatorStats> {
      return { ...stats };
    },
  };
}
export type Evaluator = ReturnType<typeof createEvaluator>;
