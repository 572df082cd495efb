/**
 * The policy lifecycle (POLICY.md "Lifecycle", API.md policy routes): drafts, publishing gated by
 * the org's and the tenant's test libraries, deprecation with sunsets, rollback, diff, effective
 * policy, test libraries and simulation. Every change leaves a change record (audit + event).
 */
import type { Actor, ChangeRecord } from '../audit/change-record';
import { checkPermission } from '../auth/permissions';
import type { OperatorPrincipal } from '../auth/principal';
import { domainEvent, type DomainEvent } from '../events/catalog';
import { type Clock, isoAt } from '../kernel/clock';
import { ConflictError, NotFoundError, PolicyTestsFailedError, ValidationError } from '../kernel/errors';
import type { IdGenerator } from '../kernel/ids';
import type { ApiPage, PageRequest } from '../kernel/page';
import type { PageCursorCodec } from '../kernel/page-cursor';
import { paginate } from '../kernel/paginate';
import type { Agent } from '../tenancy/agent';
import type { TenancyStore } from '../tenancy/tenancy-store';
import type { AuditReader } from '../audit/audit-reader';
import type { ImpactInput } from './lifecycle-schemas';
import type { PolicyCompiler } from '../policy/compile';
import { type Decision, type DecisionAgent, type DecisionRequest, decide } from '../policy/decide';
import { runTestLibrary, type Scenario, type ScenarioResult, ScenarioSchema, summarizeResults } from '../policy/test-runner';
import { validatePolicyDocument } from '../policy/validate';
import type { PublishInput, RollbackInput, RunTestsInput } from './lifecycle-schemas';
import { checkPolicyDocumentSize, checkTestLibrarySize, MAX_POLICY_DOCUMENT_BYTES } from './content-limits';
import { checkScopeWrite } from './policy-authority';
import { governingScopes } from './policy-scope';
import { contentHash, diffDocuments } from './policy-diff';
import { type ActivePolicies, type Candidate, type GoverningDocument, policySetFor } from './policy-set';
import type { PolicyStore } from './policy-store';
import { ORG_OWNER, type PolicyOwner, type PolicyVersion, scopeSummary, statusAt, tenantOwner } from './policy-version';

export interface PolicyLifecycleDeps {
  readonly store: PolicyStore;
  /** The audit log, for impact replays. */
  readonly audit?: AuditReader;
  readonly tenancy: Pick<TenancyStore, 'getAgent' | 'getTenant' | 'listTenants'>;
  /** Shares compiled scope versions across requests and agents. */
  readonly compiler: PolicyCompiler;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly cursors: PageCursorCodec;
}

/** `PUT .../policies/{scope}` and `PUT /v1/org/policy` input: the document plus why. */
export interface DraftInput {
  readonly reason: string;
  readonly [field: string]: unknown;
}

/** Who a simulation is for: an existing agent, or an agent described by attributes. */
export type SimulatedAgent =
  | { readonly agentId: string }
  | { readonly agent: { team: string; role: string; environment: string; labels?: Record<string, string> | undefined; name?: string | undefined } };

const DAY_MS = 86_400_000;
/**
 * Documents a history page carries at most (as JSON), so a page of large versions stays within
 * Lambda's 6 MB response: the page ends early, with a cursor, once the next version would pass it.
 * A single version larger than this still comes, alone on its page.
 */
const HISTORY_PAGE_DOCUMENT_BYTES = MAX_POLICY_DOCUMENT_BYTES;
/** Versions read from the store at a time while filling a history page. */
const HISTORY_READ_BATCH = 10;

/** The id given to an agent described only by attributes (no agent scope applies to it). */
const HYPOTHETICAL_AGENT_ID = 'agt_00000000000000000000000000';

/** A version as the API shows it: the status as of now (deprecated versions retire at sunset). */
export const versionView = (version: PolicyVersion, nowMs: number) => ({ ...version, status: statusAt(version, nowMs) });

const ownerTenantId = (owner: PolicyOwner) => (owner.kind === 'org' ? '~org' : owner.tenantId);
const operator = (principal: OperatorPrincipal): Actor => ({ type: 'operator', sub: principal.sub });
const factsOf = (agent: Agent): DecisionAgent & { pins?: Readonly<Record<string, number>> | undefined } => ({
  id: agent.id,
  name: agent.name,
  team: agent.team,
  role: agent.role,
  environment: agent.environment,
  labels: agent.labels,
  pins: agent.pins,
});

/** Creates the policy lifecycle use cases. */
export function createPolicyLifecycle(deps: PolicyLifecycleDeps) {
  const { store, tenancy, compiler, clock, ids } = deps;

  /** The compiled scopes of a policy set, in order. */
  const compiled = (documents: readonly GoverningDocument[]) =>
    documents.map(({ scope, version, document, contentKey }) => compiler.compile(scope, version, document, contentKey));

  const change = (owner: PolicyOwner, principal: OperatorPrincipal, fields: Omit<ChangeRecord, 'kind' | 'id' | 'at' | 'tenantId' | 'actor'> & { event: DomainEvent }): ChangeRecord => ({
    kind: 'change',
    id: ids.next('aud'),
    at: isoAt(clock.nowMs()),
    tenantId: ownerTenantId(owner),
    actor: operator(principal),
    ...fields,
  });

  async function requireVersion(owner: PolicyOwner, scope: string, version: number) {
    const found = await store.getVersion(owner, scope, version);
    if (!found) throw new NotFoundError('Policy version', `${scope}@${version}`);
    return found;
  }

  async function requireAgent(tenantId: string, agentId: string) {
    const agent = await tenancy.getAgent(tenantId, agentId);
    if (!agent) throw new NotFoundError('Agent', agentId);
    return agent;
  }

  async function activePolicies(tenantId: string, orgCandidate?: Candidate): Promise<ActivePolicies> {
    const [orgHeads, tenantHeads] = await Promise.all([orgCandidate ? Promise.resolve([]) : store.listHeads(ORG_OWNER), store.listHeads(tenantOwner(tenantId))]);
    return { ...(orgHeads[0] ? { org: orgHeads[0] } : {}), tenant: new Map(tenantHeads.map((head) => [head.scope, head])) };
  }

  const loaderFor = (tenantId: string) => (scope: string, version: number) => store.getVersion(scope === 'org' ? ORG_OWNER : tenantOwner(tenantId), scope, version);

  async function policyEpoch(tenantId: string): Promise<number> {
    const [tenant, orgEpoch] = await Promise.all([tenancy.getTenant(tenantId), store.getOrgEpoch()]);
    return (tenant?.epoch ?? 0) + orgEpoch;
  }

  /** Runs `scenarios` against one tenant's policies with `candidate` in place (no pins: tests check what is published). */
  async function runLibrary(tenantId: string, scenarios: readonly Scenario[], candidate?: Candidate): Promise<ScenarioResult[]> {
    const active = await activePolicies(tenantId, candidate?.scope === 'org' ? candidate : undefined);
    const nowMs = clock.nowMs();
    return runTestLibrary(
      scenarios,
      async (scenario) => {
        let agent: DecisionAgent;
        if (scenario.agentId !== undefined) {
          const found = await tenancy.getAgent(tenantId, scenario.agentId);
          if (!found) return undefined;
          agent = factsOf(found);
        } else {
          const described = scenario.agent!;
          agent = { id: HYPOTHETICAL_AGENT_ID, name: described.name ?? 'test agent', team: described.team, role: described.role, environment: described.environment, labels: described.labels ?? {} };
        }
        const set = await policySetFor({ active, agent: { id: agent.id, team: agent.team, role: agent.role }, candidate, nowMs, loadVersion: loaderFor(tenantId) });
        return { agent, scopes: compiled(set.documents) };
      },
      nowMs,
    );
  }

  const libraryOf = async (owner: PolicyOwner): Promise<Scenario[]> =>
    ((await store.getTestLibrary(owner))?.scenarios ?? []).map((scenario) => ScenarioSchema.parse(scenario));

  const failureDetail = (result: ScenarioResult) => ({
    message: `${result.test}: expected ${result.expected}${result.expectedRule ? ` by ${result.expectedRule}` : ''}, got ${result.actual}${result.rule ? ` by ${result.rule.id} (${result.rule.scope} v${result.rule.version})` : ''}`,
    test: result.test,
    expected: result.expected,
    actual: result.actual,
    ...(result.expectedRule ? { expectedRule: result.expectedRule } : {}),
    ...(result.rule ? { rule: result.rule } : {}),
  });

  /** The publish gate of a tenant scope: org tests and the tenant's tests with the candidate in place. */
  async function gateTenant(tenantId: string, candidate: Candidate) {
    const [orgTests, tenantTests] = await Promise.all([libraryOf(ORG_OWNER), libraryOf(tenantOwner(tenantId))]);
    const results = await runLibrary(tenantId, [...orgTests, ...tenantTests], candidate);
    const failures = results.filter((result) => !result.passed);
    if (failures.length > 0) {
      throw new PolicyTestsFailedError(
        `${failures.length} of ${results.length} policy tests fail with ${candidate.scope} version ${candidate.version} in place`,
        failures.map((failure) => failureDetail(failure)),
      );
    }
    return results.length;
  }

  /** The publish gate of the org document: every tenant's library (with the org tests) under the candidate. */
  async function gateOrg(candidate: Candidate) {
    const orgTests = await libraryOf(ORG_OWNER);
    const failures: (ReturnType<typeof failureDetail> & { tenantId: string })[] = [];
    let run = 0;
    let after: string | undefined;
    for (;;) {
      const page = await tenancy.listTenants({ limit: 100, ...(after === undefined ? {} : { after }) });
      for (const tenant of page.items) {
        const results = await runLibrary(tenant.id, [...orgTests, ...(await libraryOf(tenantOwner(tenant.id)))], candidate);
        run += results.length;
        failures.push(...results.filter((result) => !result.passed).map((failure) => ({ ...failureDetail(failure), tenantId: tenant.id })));
      }
      const last = page.items[page.items.length - 1];
      if (!page.more || !last) break;
      after = last.id;
    }
    if (failures.length > 0) {
      const tenants = [...new Set(failures.map((failure) => failure.tenantId))];
      throw new PolicyTestsFailedError(`The org document would break the policy tests of ${tenants.length} tenant(s): ${tenants.join(', ')}`, failures);
    }
    return run;
  }

  async function saveDraft(principal: OperatorPrincipal, owner: PolicyOwner, scope: string, input: DraftInput) {
    const { reason, ...document } = input;
    const parsed = validatePolicyDocument(scope, document);
    const documentBytes = checkPolicyDocumentSize(scope, parsed);
    const nowMs = clock.nowMs();
    const draft: Omit<PolicyVersion, 'version'> = {
      scope,
      status: 'draft',
      document: parsed,
      contentHash: contentHash(parsed),
      documentBytes,
      author: principal.sub,
      createdAt: isoAt(nowMs),
      reason,
    };
    const version = await store.appendVersion(owner, draft, (number) =>
      change(owner, principal, {
        action: 'policy.saved',
        target: { type: 'policy', id: `${scope}@${number}` },
        reason,
        after: { scope, version: number, contentHash: draft.contentHash },
        event: domainEvent('Policy.Saved', { tenantId: ownerTenantId(owner), scope, version: number, actor: principal.sub }),
      }),
    );
    return { ...draft, version };
  }

  async function publishVersion(principal: OperatorPrincipal, owner: PolicyOwner, scope: string, version: number, input: PublishInput & { rolledBackFrom?: number }) {
    const candidateVersion = await requireVersion(owner, scope, version);
    if (candidateVersion.status !== 'draft') throw new ConflictError(`${scope} version ${version} is ${statusAt(candidateVersion, clock.nowMs())}; only drafts are published (roll back to restore an earlier version)`, 'not_a_draft');
    const head = await store.getHead(owner, scope);
    const candidate: Candidate = { scope, version, document: candidateVersion.document, contentKey: candidateVersion.contentHash };
    const testsRun = owner.kind === 'org' ? await gateOrg(candidate) : await gateTenant(owner.tenantId, candidate);
    const nowMs = clock.nowMs();
    const previous = head?.activeVersion === undefined ? undefined : { version: head.activeVersion, sunsetAt: isoAt(nowMs + input.deprecateAfterDays * DAY_MS) };
    await store.publish(
      owner,
      { scope, version, expectedRevision: head?.revision ?? 0, publishedAt: isoAt(nowMs), publishedBy: principal.sub, reason: input.reason, ...(previous ? { previous } : {}) },
      change(owner, principal, {
        action: input.rolledBackFrom === undefined ? 'policy.published' : 'policy.rolled_back',
        target: { type: 'policy', id: `${scope}@${version}` },
        reason: input.reason,
        before: { scope, version: head?.activeVersion ?? null },
        after: { scope, version, ...(input.rolledBackFrom === undefined ? {} : { rolledBackFrom: input.rolledBackFrom }) },
        event: domainEvent('Policy.Published', {
          tenantId: ownerTenantId(owner),
          scope,
          version,
          ...(previous ? { previousVersion: previous.version } : {}),
          ...(input.rolledBackFrom === undefined ? {} : { rolledBackFrom: input.rolledBackFrom }),
          actor: principal.sub,
        }),
      }),
    );
    return {
      scope,
      version,
      status: 'active' as const,
      ...(input.rolledBackFrom === undefined ? {} : { rolledBackFrom: input.rolledBackFrom }),
      ...(previous ? { previous: { ...previous, status: 'deprecated' as const } } : {}),
      testsRun,
      policyEpoch: owner.kind === 'org' ? await store.getOrgEpoch() : await policyEpoch(owner.tenantId),
    };
  }

  async function putTests(principal: OperatorPrincipal, owner: PolicyOwner, scenarios: readonly Scenario[]) {
    checkTestLibrarySize(scenarios);
    const current = await store.getTestLibrary(owner);
    const library = { scenarios, version: (current?.version ?? 0) + 1, updatedAt: isoAt(clock.nowMs()), updatedBy: principal.sub };
    await store.putTestLibrary(
      owner,
      library,
      current?.version ?? 0,
      change(owner, principal, {
        action: 'policy_tests.saved',
        target: { type: 'policy-tests', id: owner.kind === 'org' ? 'org' : 'tenant' },
        before: { version: current?.version ?? null, scenarios: current?.scenarios.length ?? 0 },
        after: { version: library.version, scenarios: scenarios.length },
        event: domainEvent('PolicyTests.Saved', { tenantId: ownerTenantId(owner), scenarios: scenarios.length, version: library.version, actor: principal.sub }),
      }),
    );
    return library;
  }

  const teamOf = (tenantId: string) => async (agentId: string) => (await tenancy.getAgent(tenantId, agentId))?.team;

  return {
    /** Saves a new draft version of a tenant scope. */
    async saveDraft(principal: OperatorPrincipal, tenantId: string, scope: string, input: DraftInput) {
      await checkScopeWrite(principal, tenantId, scope, teamOf(tenantId));
      if (scope.startsWith('agent:')) await requireAgent(tenantId, scope.slice('agent:'.length));
      return saveDraft(principal, tenantOwner(tenantId), scope, input);
    },

    /** Saves a new draft of the org document (platform admins). */
    async saveOrgDraft(principal: OperatorPrincipal, input: DraftInput) {
      checkPermission(principal, 'org-policy:write');
      return saveDraft(principal, ORG_OWNER, 'org', input);
    },

    /** Every scope of the tenant with its latest and active version. */
    async listScopes(principal: OperatorPrincipal, tenantId: string) {
      checkPermission(principal, 'policy:read', { tenantId });
      const heads = await store.listHeads(tenantOwner(tenantId));
      return { items: heads.map(scopeSummary) };
    },

    /** A scope's versions, newest first. */
    async history(principal: OperatorPrincipal, owner: PolicyOwner, scope: string, request: PageRequest): Promise<ApiPage<ReturnType<typeof versionView>>> {
      checkPermission(principal, owner.kind === 'org' ? 'org-policy:read' : 'policy:read', owner.kind === 'org' ? {} : { tenantId: owner.tenantId });
      const nowMs = clock.nowMs();
      const binding = { tenantId: ownerTenantId(owner), query: `policy-versions:${scope}` };
      const positionOf = (version: PolicyVersion) => String(version.version);
      let documentBytes = 0;
      let cut = false;
      const page = await paginate({
        cursors: deps.cursors,
        binding,
        request,
        positionOf,
        fetch: async (position) => {
          if (cut) return { items: [], more: false };
          const read = await store.listVersions(owner, scope, { ...position, limit: Math.min(position.limit, HISTORY_READ_BATCH) });
          const items: PolicyVersion[] = [];
          for (const version of read.items) {
            const size = version.documentBytes ?? JSON.stringify(version.document).length;
            if (documentBytes > 0 && documentBytes + size > HISTORY_PAGE_DOCUMENT_BYTES) {
              cut = true;
              return { items, more: false };
            }
            documentBytes += size;
            items.push(version);
          }
          return { items, more: read.more };
        },
      });
      const last = page.items[page.items.length - 1];
      const nextCursor = cut && last ? deps.cursors.encode({ after: positionOf(last) }, binding) : page.nextCursor;
      return { items: page.items.map((version) => versionView(version, nowMs)), ...(nextCursor === undefined ? {} : { nextCursor }) };
    },

    async getVersion(principal: OperatorPrincipal, owner: PolicyOwner, scope: string, version: number) {
      checkPermission(principal, owner.kind === 'org' ? 'org-policy:read' : 'policy:read', owner.kind === 'org' ? {} : { tenantId: owner.tenantId });
      return versionView(await requireVersion(owner, scope, version), clock.nowMs());
    },

    /** Publishes a draft of a tenant scope through the gate. */
    async publish(principal: OperatorPrincipal, tenantId: string, scope: string, version: number, input: PublishInput) {
      await checkScopeWrite(principal, tenantId, scope, teamOf(tenantId));
      return publishVersion(principal, tenantOwner(tenantId), scope, version, input);
    },

    /** Publishes a draft of the org document through every tenant's gate. */
    async publishOrg(principal: OperatorPrincipal, version: number, input: PublishInput) {
      checkPermission(principal, 'org-policy:write');
      return publishVersion(principal, ORG_OWNER, 'org', version, input);
    },

    /** Publishes an earlier version's content as a new version, through the same gate. */
    async rollback(principal: OperatorPrincipal, tenantId: string, scope: string, input: RollbackInput) {
      await checkScopeWrite(principal, tenantId, scope, teamOf(tenantId));
      const owner = tenantOwner(tenantId);
      const earlier = await requireVersion(owner, scope, input.toVersion);
      const head = await store.getHead(owner, scope);
      if (head?.activeVersion === input.toVersion) throw new ConflictError(`${scope} version ${input.toVersion} is already active`, 'already_active');
      const nowMs = clock.nowMs();
      const draft: Omit<PolicyVersion, 'version'> = {
        scope,
        status: 'draft',
        document: earlier.document,
        contentHash: earlier.contentHash,
        author: principal.sub,
        createdAt: isoAt(nowMs),
        reason: input.reason,
        rolledBackFrom: input.toVersion,
      };
      const version = await store.appendVersion(owner, draft, (number) =>
        change(owner, principal, {
          action: 'policy.saved',
          target: { type: 'policy', id: `${scope}@${number}` },
          reason: input.reason,
          after: { scope, version: number, rolledBackFrom: input.toVersion },
          event: domainEvent('Policy.Saved', { tenantId, scope, version: number, actor: principal.sub }),
        }),
      );
      return publishVersion(principal, owner, scope, version, { reason: input.reason, deprecateAfterDays: 7, rolledBackFrom: input.toVersion });
    },

    /** Rule-level differences between two versions of a scope. */
    async diff(principal: OperatorPrincipal, tenantId: string, scope: string, from: number, to: number) {
      checkPermission(principal, 'policy:read', { tenantId });
      const owner = tenantOwner(tenantId);
      const [before, after] = await Promise.all([requireVersion(owner, scope, from), requireVersion(owner, scope, to)]);
      return { scope, from, to, ...diffDocuments(before.document as never, after.document as never) };
    },

    /** Every rule governing an agent, in evaluation order, each with its scope and version. */
    async effectivePolicy(principal: OperatorPrincipal, tenantId: string, agentId: string) {
      checkPermission(principal, 'policy:read', { tenantId });
      const agent = await requireAgent(tenantId, agentId);
      const nowMs = clock.nowMs();
      const set = await policySetFor({ active: await activePolicies(tenantId), agent: factsOf(agent), nowMs, loadVersion: loaderFor(tenantId) });
      return {
        agentId,
        policyEpoch: await policyEpoch(tenantId),
        scopes: set.documents.map(({ scope, version }) => ({ scope, version })),
        rules: set.documents.flatMap(({ scope, version, document }) => document.rules.map((rule) => ({ ...rule, scope, version }))),
        defaults: { ...set.documents.find((document) => document.scope === 'org')?.document.defaults, ...set.documents.find((document) => document.scope === 'tenant')?.document.defaults },
        warnings: set.warnings,
      };
    },

    async getTests(principal: OperatorPrincipal, owner: PolicyOwner) {
      checkPermission(principal, owner.kind === 'org' ? 'org-policy:read' : 'policy:read', owner.kind === 'org' ? {} : { tenantId: owner.tenantId });
      return (await store.getTestLibrary(owner)) ?? { scenarios: [], version: 0 };
    },

    async putTests(principal: OperatorPrincipal, owner: PolicyOwner, scenarios: readonly Scenario[]) {
      checkPermission(principal, owner.kind === 'org' ? 'org-policy:write' : 'policy-tests:write', owner.kind === 'org' ? {} : { tenantId: owner.tenantId });
      return putTests(principal, owner, scenarios);
    },

    /** Runs the org and tenant libraries against the active policies, or with a candidate version in place. */
    async runTests(principal: OperatorPrincipal, tenantId: string, input: RunTestsInput) {
      checkPermission(principal, 'policy:simulate', { tenantId });
      const candidate = input.scope === undefined || input.version === undefined ? undefined : await requireVersion(tenantOwner(tenantId), input.scope, input.version);
      const scenarios = [...(await libraryOf(ORG_OWNER)), ...(await libraryOf(tenantOwner(tenantId)))];
      return summarizeResults(await runLibrary(tenantId, scenarios, candidate && { scope: candidate.scope, version: candidate.version, document: candidate.document, contentKey: candidate.contentHash }));
    },

    /**
     * Impact of a candidate version: the tenant's audited decisions of the last `sinceHours` (up
     * to `limit`) decided again with the candidate in place, counted by old → new effect, with up
     * to 20 examples of each change. Nothing is recorded.
     */
    async impact(principal: OperatorPrincipal, tenantId: string, scope: string, version: number, input: ImpactInput) {
      checkPermission(principal, 'policy:simulate', { tenantId });
      if (!deps.audit) throw new Error('The audit log is not configured for impact replays');
      const candidateVersion = await requireVersion(tenantOwner(tenantId), scope, version);
      const candidate: Candidate = { scope, version, document: candidateVersion.document, contentKey: candidateVersion.contentHash };
      const nowMs = clock.nowMs();
      const to = isoAt(nowMs);
      const from = isoAt(nowMs - input.sinceHours * 3_600_000);
      const active = await activePolicies(tenantId);
      const sets = new Map<string, ReturnType<typeof compiled>>();
      const counts = new Map<string, { from: string; to: string; count: number; examples: unknown[] }>();
      let replayed = 0;
      let after: string | undefined;
      while (replayed < input.limit) {
        const page = await deps.audit.listAudit({ tenantId, from, to }, { limit: Math.min(500, input.limit - replayed + 1), ...(after === undefined ? {} : { after }) });
        for (const record of page.items) {
          after = `${record.at}#${record.id}`;
          if (record.kind !== 'decision' || replayed >= input.limit) continue;
          const agent = record.agent as DecisionAgent;
          const key = `${agent.id}|${agent.team}|${agent.role}`;
          let scopes = sets.get(key);
          if (!scopes) {
            const set = await policySetFor({ active, agent, candidate, nowMs, loadVersion: loaderFor(tenantId) });
            sets.set(key, (scopes = compiled(set.documents)));
          }
          const decision = decide({ scopes, agent, request: record.request as DecisionRequest, nowMs });
          const old = String(record.effect);
          const entry = counts.get(`${old}>${decision.effect}`) ?? { from: old, to: decision.effect, count: 0, examples: [] };
          entry.count += 1;
          if (old !== decision.effect && entry.examples.length < 20) {
            entry.examples.push({ decisionId: record.id, at: record.at, agentId: agent.id, request: record.request, rule: decision.rule, previousRule: record.rule });
          }
          counts.set(`${old}>${decision.effect}`, entry);
          replayed += 1;
        }
        if (!page.more || page.items.length === 0) break;
      }
      const transitions = [...counts.values()].sort((a, b) => b.count - a.count);
      return {
        scope,
        version,
        since: from,
        replayed,
        changed: transitions.filter((entry) => entry.from !== entry.to).reduce((sum, entry) => sum + entry.count, 0),
        transitions: transitions.map((entry) => (entry.from === entry.to ? { from: entry.from, to: entry.to, count: entry.count } : entry)),
      };
    },

    /**
     * Checks pins before they are saved on an agent: each scope governs the agent, and each version
     * is deprecated and before its sunset (or the active one). Refuses with the pin named.
     */
    async checkPins(tenantId: string, agent: { id: string; team: string; role: string }, pins: Readonly<Record<string, number>>) {
      const scopes = new Set(governingScopes(agent));
      const nowMs = clock.nowMs();
      for (const [scope, number] of Object.entries(pins)) {
        const path = `pins.${scope}`;
        if (!scopes.has(scope)) throw new ValidationError(`Scope ${scope} does not govern agent ${agent.id}`, [{ path, message: 'not one of the agent scopes' }]);
        const version = await store.getVersion(scope === 'org' ? ORG_OWNER : tenantOwner(tenantId), scope, number);
        const status = version && statusAt(version, nowMs);
        if (status !== 'deprecated' && status !== 'active') {
          throw new ValidationError(`${scope} version ${number} cannot be pinned`, [{ path, message: version ? `version ${number} is ${status}; only deprecated versions before their sunset can be pinned` : `no version ${number}` }]);
        }
      }
    },

    /** The decision for an agent and a request, explained; nothing recorded, no quota used. */
    async simulate(principal: OperatorPrincipal, tenantId: string, input: SimulatedAgent & { request: DecisionRequest; candidate?: { scope: string; version: number } | undefined }): Promise<Decision & { policyEpoch: number; simulated: true }> {
      checkPermission(principal, 'policy:simulate', { tenantId });
      let agent: DecisionAgent & { pins?: Readonly<Record<string, number>> | undefined };
      if ('agentId' in input) agent = factsOf(await requireAgent(tenantId, input.agentId));
      else {
        const tenant = await tenancy.getTenant(tenantId);
        if (tenant && !tenant.environments.includes(input.agent.environment)) {
          throw new ValidationError(`Tenant ${tenantId} has no environment ${input.agent.environment}`, [{ path: 'agent.environment', message: `one of ${tenant.environments.join(', ')}` }]);
        }
        agent = { id: HYPOTHETICAL_AGENT_ID, name: input.agent.name ?? 'simulated agent', team: input.agent.team, role: input.agent.role, environment: input.agent.environment, labels: input.agent.labels ?? {} };
      }
      const candidate = input.candidate && (await requireVersion(tenantOwner(tenantId), input.candidate.scope, input.candidate.version));
      const nowMs = clock.nowMs();
      const set = await policySetFor({
        active: await activePolicies(tenantId),
        agent,
        candidate: candidate && { scope: candidate.scope, version: candidate.version, document: candidate.document, contentKey: candidate.contentHash },
        nowMs,
        loadVersion: loaderFor(tenantId),
      });
      const decision = decide({ scopes: compiled(set.documents), agent, request: input.request, nowMs });
      return { ...decision, warnings: [...set.warnings, ...decision.warnings], policyEpoch: await policyEpoch(tenantId), simulated: true };
    },

  };
}

export type PolicyLifecycle = ReturnType<typeof createPolicyLifecycle>;
