/**
 * What every part of the policy lifecycle shares: its dependencies, and the reads and records they
 * all make — a version or agent that must exist, the policies in force, the epoch, a change
 * record. Built once by createPolicyLifecycle and handed to each part.
 */
import type { Actor, ChangeRecord } from '../audit/change-record';
import type { AuditReader } from '../audit/audit-reader';
import type { OperatorPrincipal } from '../auth/principal';
import type { DomainEvent } from '../events/catalog';
import { type Clock, isoAt } from '../kernel/clock';
import { NotFoundError } from '../kernel/errors';
import type { IdGenerator } from '../kernel/ids';
import type { PageCursorCodec } from '../kernel/page-cursor';
import type { PolicyCompiler } from '../policy/compile';
import type { DecisionAgent } from '../policy/decide';
import { type Agent, agentFacts } from '../tenancy/agent';
import type { TenancyStore } from '../tenancy/tenancy-store';
import type { ActivePolicies, Candidate, GoverningDocument } from './policy-set';
import type { PolicyStore } from './policy-store';
import { ORG_OWNER, type PolicyOwner, type PolicyVersion, tenantOwner } from './policy-version';

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

/** The id given to an agent described only by attributes (no agent scope applies to it). */
export const HYPOTHETICAL_AGENT_ID = 'agt_00000000000000000000000000';

/** The partition owner's id as change records name it (`~org` for the org). */
export const ownerTenantId = (owner: PolicyOwner) => (owner.kind === 'org' ? '~org' : owner.tenantId);

/** What the decision engine needs of an agent, with its pins. */
export const factsOf = (agent: Agent): DecisionAgent & { pins?: Readonly<Record<string, number>> | undefined } => ({
  ...agentFacts(agent),
  pins: agent.pins,
});

/** A version in a policy set's terms: the candidate a gate, a simulation or a replay puts in place. */
export const candidateOf = (version: PolicyVersion): Candidate => ({
  scope: version.scope,
  version: version.version,
  document: version.document,
  contentKey: version.contentHash,
});

export function createLifecycleContext(deps: PolicyLifecycleDeps) {
  const { store, tenancy, compiler, clock, ids } = deps;
  const operator = (principal: OperatorPrincipal): Actor => ({ type: 'operator', sub: principal.sub });

  return {
    deps,

    /** The compiled scopes of a policy set, in order. */
    compiled: (documents: readonly GoverningDocument[]) =>
      documents.map(({ scope, version, document, contentKey }) => compiler.compile(scope, version, document, contentKey)),

    /** A change record by `principal` in `owner`'s audit log. */
    change: (
      owner: PolicyOwner,
      principal: OperatorPrincipal,
      fields: Omit<ChangeRecord, 'kind' | 'id' | 'at' | 'tenantId' | 'actor'> & { event: DomainEvent },
    ): ChangeRecord => ({
      kind: 'change',
      id: ids.next('aud'),
      at: isoAt(clock.nowMs()),
      tenantId: ownerTenantId(owner),
      actor: operator(principal),
      ...fields,
    }),

    async requireVersion(owner: PolicyOwner, scope: string, version: number) {
      const found = await store.getVersion(owner, scope, version);
      if (!found) throw new NotFoundError('Policy version', `${scope}@${version}`);
      return found;
    },

    async requireAgent(tenantId: string, agentId: string) {
      const agent = await tenancy.getAgent(tenantId, agentId);
      if (!agent) throw new NotFoundError('Agent', agentId);
      return agent;
    },

    /** The active versions of the org and the tenant's scopes (the org's left out when `orgCandidate` replaces it). */
    async activePolicies(tenantId: string, orgCandidate?: Candidate): Promise<ActivePolicies> {
      const [orgHeads, tenantHeads] = await Promise.all([
        orgCandidate ? Promise.resolve([]) : store.listHeads(ORG_OWNER),
        store.listHeads(tenantOwner(tenantId)),
      ]);
      return { ...(orgHeads[0] ? { org: orgHeads[0] } : {}), tenant: new Map(tenantHeads.map((head) => [head.scope, head])) };
    },

    /** Loads a scope version of the tenant (or the org) for a policy set. */
    loaderFor: (tenantId: string) => (scope: string, version: number) =>
      store.getVersion(scope === 'org' ? ORG_OWNER : tenantOwner(tenantId), scope, version),

    async policyEpoch(tenantId: string): Promise<number> {
      const [tenant, orgEpoch] = await Promise.all([tenancy.getTenant(tenantId), store.getOrgEpoch()]);
      return (tenant?.epoch ?? 0) + orgEpoch;
    },

    /** The team of an agent of the tenant (team leads may write only their teams' agents' scopes). */
    teamOf: (tenantId: string) => async (agentId: string) => (await tenancy.getAgent(tenantId, agentId))?.team,
  };
}
export type LifecycleContext = ReturnType<typeof createLifecycleContext>;
