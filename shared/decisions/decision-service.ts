/**
 * The decision path (`POST /v1/authorize`, `/batch`): the calling agent's policy set from warm
 * caches, one decision per request (shared/policy, then the agent's quarantine if any), one durable write of the decision records
 * before any answer, and idempotent replays of a retried request.
 */
import type { ApprovalRequest } from '../approvals/approval';
import type { Approvals } from '../approvals/approvals';
import type { AgentPrincipal } from '../auth/principal';
import { type Clock, isoAt } from '../kernel/clock';
import { ForbiddenError, NotFoundError, QuotaExceededError } from '../kernel/errors';
import type { IdGenerator } from '../kernel/ids';
import type { PolicyCompiler } from '../policy/compile';
import { decide, type Grant } from '../policy/decide';
import type { PolicyDocument } from '../policy/document';
import { policySetFor } from '../policy-lifecycle/policy-set';
import { quotasInForce } from '../quotas/quota';
import type { QuotaLeases } from '../quotas/quota-leases';
import { type Agent, agentFacts } from '../tenancy/agent';
import type { Tenant } from '../tenancy/tenant';
import type { TenantStateCache } from '../tenancy/tenant-state-cache';
import { answerOf, type AuthorizeRequest, type DecisionAnswer, type DecisionRecord } from './decision-record';
import type { DecisionStore } from './decision-store';
import { IDEMPOTENCY_WINDOW_SECONDS, replayOf, requestFingerprint } from './idempotency';
import type { PolicySource } from './policy-source';
import { type DecisionLogOutcome, type LocalDecision, localDecisionId, timelinessOf } from './decision-logs';
import { BUNDLE_FORMAT, type BundleContent, bundleEtag, type BundleTagger, issuedTo, type QuotaLease } from './policy-bundle';
import { underQuarantine } from './quarantine';

export interface DecisionServiceDeps {
  readonly tenants: TenantStateCache;
  readonly source: PolicySource;
  readonly compiler: PolicyCompiler;
  readonly store: DecisionStore;
  readonly quotas: QuotaLeases;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Opens (or joins) the approval of a `require_approval` answer. */
  readonly approvals: Pick<Approvals, 'open'>;
}

const DAY_SECONDS = 86_400;

export function createDecisionService(deps: DecisionServiceDeps) {
  const { tenants, source, compiler, store, quotas, clock, ids, approvals } = deps;

  /** Audits a refused attempt (a deny record per request, naming the refusal), then refuses it with 403. */
  async function refuse(
    tenant: Tenant,
    agent: Agent,
    requests: readonly AuthorizeRequest[],
    code: string,
    message: string,
  ): Promise<never> {
    const nowMs = clock.nowMs();
    const facts = agentFacts(agent);
    await store.record(
      requests.map((request): DecisionRecord => {
        const id = ids.next('dec');
        return {
          kind: 'decision',
          id,
          tenantId: tenant.id,
          at: isoAt(nowMs),
          agent: facts,
          request,
          effect: 'deny',
          reason: message,
          refusal: code,
          versions: [],
          policyEpoch: tenant.epoch,
          warnings: [],
          latencyMs: 0,
          expiresAtEpoch: Math.floor(nowMs / 1000) + tenant.retentionDays * DAY_SECONDS,
        };
      }),
    );
    throw new ForbiddenError(message, code);
  }

  /**
   * The agent, its tenant and its compiled policy set, from caches when warm. With cold caches the
   * reads go in three rounds: the tenant (its epoch keys every other cache); then the agent and the
   * org epoch, which have no order between them; then the policies (active documents, then pinned
   * versions) beside the agent's team, role and grants.
   */
  async function governed(principal: AgentPrincipal, requests: readonly AuthorizeRequest[]) {
    const tenant = await tenants.get(principal.tenantId);
    if (!tenant) throw new NotFoundError('Tenant', principal.tenantId);
    const [agent, orgEpoch] = await Promise.all([source.agent(tenant.id, principal.agentId, tenant.epoch), source.orgEpoch()]);
    if (!agent || agent.status === 'decommissioned') throw new ForbiddenError('The agent is decommissioned', 'agent_decommissioned');
    if (tenant.status === 'suspended') await refuse(tenant, agent, requests, 'tenant_suspended', 'The tenant is suspended');
    if (agent.status === 'suspended') await refuse(tenant, agent, requests, 'agent_suspended', 'The agent is suspended');
    const nowMs = clock.nowMs();
    const policySet = async () =>
      policySetFor({
        active: await source.active(tenant.id, tenant.epoch, orgEpoch),
        agent,
        nowMs,
        loadVersion: (scope, version) => source.version(tenant.id, scope, version, tenant.epoch),
      });
    const [set, team, role, grants] = await Promise.all([
      policySet(),
      source.team(tenant.id, agent.team, tenant.epoch),
      source.role(tenant.id, agent.role, tenant.epoch),
      source.grants(tenant.id, agent.id, tenant.epoch),
    ]);
    const scopes = set.documents.map((document) =>
      compiler.compile(document.scope, document.version, document.document as PolicyDocument, document.contentKey),
    );
    const indexes = compiler.indexesFor(scopes);
    const facts = agentFacts(agent);
    const quotaList = quotasInForce({ tenant, team, role, agent, nowMs });
    return {
      tenant,
      agent: facts,
      owner: agent.owner,
      quarantine: agent.quarantine,
      grants,
      documents: set.documents,
      scopes,
      indexes,
      pinWarnings: set.warnings,
      policyEpoch: tenant.epoch + orgEpoch,
      nowMs,
      quotas: quotaList,
    };
  }

  /** One request decided under the agent's policy set, then under its quarantine if it is in one. */
  function decideFor(context: Awaited<ReturnType<typeof governed>>, request: AuthorizeRequest, grants: readonly Grant[]) {
    const decision = decide({
      scopes: context.scopes,
      indexes: context.indexes,
      agent: context.agent,
      request,
      nowMs: context.nowMs,
      grants,
    });
    return underQuarantine(decision, { quarantine: context.quarantine, request, grants, nowMs: context.nowMs });
  }

  /** Decides every request, records them all (or none), and answers in order. */
  async function authorize(
    principal: AgentPrincipal,
    requests: readonly AuthorizeRequest[],
    options: { idempotencyKey?: string | undefined; batch?: boolean } = {},
  ): Promise<DecisionAnswer[]> {
    const started = performance.now();
    const idempotency = options.idempotencyKey
      ? {
          key: `${options.batch ? 'batch' : 'one'}:${options.idempotencyKey}`,
          fingerprint: requestFingerprint(requests, options.batch === true),
        }
      : undefined;
    // A retry replays before anything is decided or spent: it uses no quota.
    if (idempotency) {
      const claimed = await store.claimed(principal.tenantId, principal.agentId, idempotency.key, Math.floor(clock.nowMs() / 1000));
      if (claimed) return replayOf(claimed, idempotency.fingerprint);
    }
    const context = await governed(principal, requests);
    // Strict quotas: the units are spent (or the request refused with 429) before deciding.
    if (context.quotas.length > 0) await quotas.spend(context.tenant.id, context.quotas, requests.length);
    const at = isoAt(context.nowMs);
    const expiresAtEpoch = Math.floor(context.nowMs / 1000) + context.tenant.retentionDays * DAY_SECONDS;
    const batchId = options.batch ? ids.next('bat') : undefined;
    let decided = requests.map((request) => ({
      id: ids.next('dec'),
      request,
      decision: decideFor(context, request, context.grants),
    }));
    // Before opening an approval, look at the grants as stored now: one issued within the cache's
    // staleness window must allow at once rather than open a second approval.
    if (decided.some(({ decision }) => decision.effect === 'require_approval')) {
      const grants = await source.grantsNow(context.tenant.id, context.agent.id);
      decided = decided.map((entry) =>
        entry.decision.effect === 'require_approval'
          ? {
              ...entry,
              decision: decideFor(context, entry.request, grants),
            }
          : entry,
      );
    }
    // A require_approval answer carries the approval it opened or joined (opened before anything is recorded).
    const approvalIds = await Promise.all(
      decided.map(async ({ id, request, decision }) =>
        decision.effect === 'require_approval'
          ? (
              await approvals.open({
                tenant: context.tenant,
                agent: { ...context.agent, owner: context.owner },
                request,
                decision,
                origin: { type: 'decision', decisionId: id },
              })
            ).id
          : undefined,
      ),
    );
    const records: DecisionRecord[] = decided.map(({ id, request, decision }, index) => {
      const approvalId = approvalIds[index];
      return {
        kind: 'decision',
        id,
        tenantId: context.tenant.id,
        at,
        agent: context.agent,
        request,
        effect: decision.effect,
        reason: decision.reason,
        ...(decision.rule ? { rule: decision.rule } : {}),
        ...(decision.grantId ? { grantId: decision.grantId } : {}),
        ...(approvalId ? { approvalId } : {}),
        ...(decision.risk ? { risk: decision.risk } : {}),
        versions: decision.consulted,
        policyEpoch: context.policyEpoch,
        warnings: [...context.pinWarnings, ...decision.warnings],
        latencyMs: Math.round((performance.now() - started) * 1000) / 1000,
        ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
        ...(batchId ? { batchId, ...(index === 0 ? { batchFirst: true as const } : {}) } : {}),
        expiresAtEpoch,
      };
    });
    const answers = records.map(answerOf);
    const nowEpoch = Math.floor(context.nowMs / 1000);
    const claim = idempotency
      ? { agentId: context.agent.id, ...idempotency, expiresAtEpoch: nowEpoch + IDEMPOTENCY_WINDOW_SECONDS, nowEpoch, answers }
      : undefined;
    // Two sends of one key at once both get here; the second to write replays the first's answers.
    const { replayed } = await store.record(records, claim);
    return replayed === undefined || !idempotency ? answers : replayOf(replayed, idempotency.fingerprint);
  }

  /** The decision for one request of the calling agent, recording nothing (access requests ask ahead of time). */
  async function evaluate(principal: AgentPrincipal, request: ApprovalRequest) {
    const context = await governed(principal, [request]);
    const decision = decideFor(context, request, context.grants);
    return { tenant: context.tenant, agent: { ...context.agent, owner: context.owner }, decision };
  }

  /** A bundle's content from the agent's governed context. */
  const contentOf = (context: Awaited<ReturnType<typeof governed>>): BundleContent => ({
    format: BUNDLE_FORMAT,
    tenantId: context.tenant.id,
    agent: context.agent,
    policyEpoch: context.policyEpoch,
    documents: context.documents.map(({ scope, version, document }) => ({ scope, version, document })),
    warnings: context.pinWarnings,
    grants: context.grants,
    ...(context.quarantine ? { quarantine: context.quarantine } : {}),
    quotaLimited: context.quotas.length > 0,
  });

  /**
   * Spends up to `units` of every quota in force, for a local evaluator to decide with: as many as
   * all quotas can give (halving the ask until they can, down to none), valid until the shortest
   * quota period ends.
   */
  async function leaseFor(context: Awaited<ReturnType<typeof governed>>, units: number): Promise<QuotaLease> {
    const expiresAt = isoAt(Math.min(...context.quotas.map((quota) => quota.endsAtMs)));
    for (let ask = units; ask >= 1; ask = Math.floor(ask / 2)) {
      try {
        await quotas.spend(context.tenant.id, context.quotas, ask);
        return { units: ask, expiresAt };
      } catch (error) {
        if (!(error instanceof QuotaExceededError)) throw error;
      }
    }
    return { units: 0, expiresAt };
  }

  /**
   * What an evaluator beside the agent needs to decide as this service does (shared/decisions/policy-bundle.ts),
   * and, when `leaseUnits` is given and a quota is in force, a lease of units for it to spend.
   * Refused, recording nothing, while the agent or its tenant is suspended.
   */
  async function bundleContent(principal: AgentPrincipal, options: { leaseUnits?: number } = {}) {
    const context = await governed(principal, []);
    const content = contentOf(context);
    const lease = options.leaseUnits !== undefined && context.quotas.length > 0 ? await leaseFor(context, options.leaseUnits) : undefined;
    return { content, ...(lease ? { lease } : {}) };
  }

  /**
   * Records decisions a local evaluator made (shared/decisions/decision-logs.ts): each must name a
   * bundle Warden issued to this agent and be neither too old nor dated ahead; one made with the
   * bundle the agent holds now is decided again and must agree. A decision recorded before (same
   * `localId`, looked up when the shipment says it may hold resent decisions) counts as a duplicate
   * and is not written again; one not looked up is written again unchanged, so it is still recorded,
   * announced and metered once. Quotas were spent by the lease the
   * evaluator decided with, so nothing is spent here.
   */
  async function recordLocal(
    principal: AgentPrincipal,
    entries: readonly LocalDecision[],
    tag: BundleTagger,
    options: { resent?: boolean | undefined } = {},
  ): Promise<DecisionLogOutcome> {
    const tenant = await tenants.get(principal.tenantId);
    if (!tenant) throw new NotFoundError('Tenant', principal.tenantId);
    const agent = await source.agent(tenant.id, principal.agentId, tenant.epoch);
    if (!agent) throw new ForbiddenError('The agent is decommissioned', 'agent_decommissioned');
    // Decisions made before a suspension still belong in the audit; only an active agent has a current bundle to check against.
    const current = tenant.status === 'active' && agent.status === 'active' ? await governed(principal, []) : undefined;
    const currentEtag = current ? bundleEtag(contentOf(current), tag) : undefined;
    const nowMs = clock.nowMs();
    const rejected: { localId: string; reason: DecisionLogOutcome['rejected'][number]['reason'] }[] = [];
    const fresh = new Map<string, LocalDecision & { at: string }>();
    let duplicates = 0;
    // A shipment's decisions were mostly made with one or two bundles: each ETag's tag is checked once.
    const issued = new Map<string, boolean>();
    const isIssued = (etag: string) => {
      let known = issued.get(etag);
      if (known === undefined) issued.set(etag, (known = issuedTo(etag, tenant.id, agent.id, tag)));
      return known;
    };
    for (const entry of entries) {
      const at = isoAt(Date.parse(entry.at));
      const reason = !isIssued(entry.bundleEtag)
        ? 'unknown_bundle'
        : (timelinessOf(at, nowMs) ??
          (current &&
          entry.bundleEtag === currentEtag &&
          decideFor({ ...current, nowMs: Date.parse(at) }, entry.request, current.grants).effect !== entry.effect
            ? 'effect_mismatch'
            : undefined));
      if (reason) {
        rejected.push({ localId: entry.localId, reason });
        continue;
      }
      const id = localDecisionId(tenant.id, agent.id, { ...entry, at });
      if (fresh.has(id)) duplicates++;
      else fresh.set(id, { ...entry, at });
    }
    // A put of a record that exists changes nothing (same key, same content), so the lookup only tells duplicates apart.
    const recordedBefore =
      fresh.size > 0 && options.resent
        ? await store.recorded(
            tenant.id,
            [...fresh].map(([id, { at }]) => ({ id, at })),
          )
        : new Set<string>();
    const facts = agentFacts(agent);
    const records = [...fresh]
      .filter(([id]) => !recordedBefore.has(id))
      .map(([id, entry]): DecisionRecord => ({
        kind: 'decision',
        id,
        tenantId: tenant.id,
        at: entry.at,
        agent: facts,
        request: entry.request,
        effect: entry.effect,
        reason: entry.reason ?? (entry.effect === 'allow' ? 'Allowed by a local evaluator' : 'Denied by a local evaluator'),
        ...(entry.rule ? { rule: entry.rule } : {}),
        ...(entry.grantId ? { grantId: entry.grantId } : {}),
        versions: entry.rule ? [{ scope: entry.rule.scope, version: entry.rule.version }] : [],
        policyEpoch: tenant.epoch,
        warnings: [],
        latencyMs: 0,
        origin: 'local',
        bundleEtag: entry.bundleEtag,
        localId: entry.localId,
        expiresAtEpoch: Math.floor(Date.parse(entry.at) / 1000) + tenant.retentionDays * DAY_SECONDS,
      }));
    if (records.length > 0) await store.record(records);
    return { accepted: records.length, duplicates: duplicates + recordedBefore.size, rejected };
  }

  return { authorize, evaluate, bundleContent, recordLocal };
}
export type DecisionService = ReturnType<typeof createDecisionService>;
