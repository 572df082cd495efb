/**
 * Use cases of the agent registry: register agents with their first key, read and list them,
 * change them, rotate their keys, and move them through their lifecycle
 * (active ⇄ suspended → decommissioned).
 */
import type { Actor, ChangeRecord } from '../audit/change-record';
import { issueApiKey } from '../auth/api-key';
import { checkPermission, hasPermission } from '../auth/permissions';
import type { AgentPrincipal, OperatorPrincipal } from '../auth/principal';
import { domainEvent, type EventType } from '../events/catalog';
import { isoAt } from '../kernel/clock';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../kernel/errors';
import type { ApiPage } from '../kernel/page';
import { paginate } from '../kernel/paginate';
import {
  type Agent,
  type AgentKeyRef,
  type AgentStatus,
  type ApiKeyRecord,
  type Quarantine,
  agentView,
  type LifecycleChangeInput,
  type ListAgentsQuery,
  type RegisterAgentInput,
  type RotateKeyInput,
  type UpdateAgentInput,
} from './agent';
import { agentActor, changeRecord, changedFields, operatorActor } from './change';
import { firstOwnerTerm, withOwnerChange } from './owner-history';
import { checkQuotaCaps } from './quota-caps';
import type { TenancyDeps } from './tenancy-deps';
import type { Tenant } from './tenant';

const DAY_MS = 86_400_000;
/** Keys an agent may hold at once (the newest and those in a rotation's grace period). */
export const MAX_LIVE_KEYS = 5;

/** Whether an agent passes the list filters at time `nowMs`. */
export function matchesAgentFilter(agent: Agent, query: Omit<ListAgentsQuery, 'limit' | 'cursor'>, nowMs: number): boolean {
  if (query.team !== undefined && agent.team !== query.team) return false;
  if (query.role !== undefined && agent.role !== query.role) return false;
  if (query.environment !== undefined && agent.environment !== query.environment) return false;
  if (query.status !== undefined && agent.status !== query.status) return false;
  if (query.inactiveSinceDays !== undefined) {
    const lastActive = Date.parse(agent.lastSeenAt ?? agent.createdAt);
    if (lastActive > nowMs - query.inactiveSinceDays * DAY_MS) return false;
  }
  return true;
}

/** The lifecycle moves and the status each leads to. */
const TRANSITIONS = {
  suspend: { from: ['active'], to: 'suspended', action: 'agent.suspended', event: 'Agent.Suspended' },
  reinstate: { from: ['suspended'], to: 'active', action: 'agent.reinstated', event: 'Agent.Reinstated' },
  decommission: { from: ['active', 'suspended'], to: 'decommissioned', action: 'agent.decommissioned', event: 'Agent.Decommissioned' },
} as const satisfies Record<string, { from: readonly AgentStatus[]; to: AgentStatus; action: string; event: EventType }>;
export type LifecycleMove = keyof typeof TRANSITIONS;

/** Who makes a change: its actor in the change record, and its name in the event. */
export interface ChangeAuthor {
  readonly actor: Actor;
  readonly name: string;
}

/** A rotated key: the agent as saved, the new key (shown only here), its id and when it expires. */
export interface RotatedKey {
  readonly agent: Agent;
  readonly apiKey: string;
  readonly keyId: string;
  readonly expiresAt: string;
}

/** What an agent registered from an agent type gets unless its own fields say otherwise. */
export interface AgentTypeDefaults {
  readonly role: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly quotas: Agent['quotas'];
}

/**
 * The defaults of the agent type `templateId` with `parameters`: NotFoundError for an unknown id,
 * ValidationError naming `template` (not an agent type) or `parameters.<name>`.
 */
export type AgentTypeDefaultsOf = (templateId: string, parameters: unknown) => Promise<AgentTypeDefaults>;

export interface AgentRegistryOptions {
  /** Registration from a template (`template` in the body); without it, such a registration gets 400. */
  readonly agentTypeDefaults?: AgentTypeDefaultsOf;
}

const MAX_LABELS = 50;

export function createAgentRegistry(deps: TenancyDeps, options: AgentRegistryOptions = {}) {
  const { store, clock, ids } = deps;

  /**
   * The role, labels and quotas of a registration: the caller's own, on top of its agent type's
   * when it names one. The template's problems are reported under the body's field names.
   */
  async function placementOf(input: RegisterAgentInput): Promise<{ role: string; labels: Agent['labels']; quotas?: Agent['quotas'] }> {
    if (input.template === undefined) {
      if (input.role === undefined)
        throw new ValidationError('The agent needs a role', [{ path: 'role', message: 'a role, or a template' }]);
      return { role: input.role, labels: input.labels ?? {}, ...(input.quotas === undefined ? {} : { quotas: input.quotas }) };
    }
    if (!options.agentTypeDefaults)
      throw new ValidationError('Registration from a template is not available', [{ path: 'template', message: 'not available here' }]);
    let defaults: AgentTypeDefaults;
    try {
      defaults = await options.agentTypeDefaults(input.template, input.templateParameters);
    } catch (error) {
      if (error instanceof NotFoundError)
        throw new ValidationError('No such template', [{ path: 'template', message: `no template named ${input.template}` }]);
      if (error instanceof ValidationError)
        throw new ValidationError(
          error.message,
          error.details.map((detail) =>
            detail.path?.startsWith('parameters')
              ? { ...detail, path: `templateParameters${detail.path.slice('parameters'.length)}` }
              : detail,
          ),
        );
      throw error;
    }
    const labels = { ...defaults.labels, ...input.labels };
    if (Object.keys(labels).length > MAX_LABELS)
      throw new ValidationError("The agent's labels and its template's are too many", [
        { path: 'labels', message: `at most ${MAX_LABELS} labels with the template's` },
      ]);
    const quotas = { ...defaults.quotas, ...input.quotas };
    return { role: input.role ?? defaults.role, labels, ...(Object.keys(quotas).length === 0 ? {} : { quotas }) };
  }

  async function requireTenant(tenantId: string): Promise<Tenant> {
    const tenant = await store.getTenant(tenantId);
    if (!tenant) throw new NotFoundError('Tenant', tenantId);
    return tenant;
  }

  async function requireAgent(tenantId: string, agentId: string): Promise<Agent> {
    const agent = await store.getAgent(tenantId, agentId);
    if (!agent) throw new NotFoundError('Agent', agentId);
    return agent;
  }

  /** Checks that team, role and environment exist in the tenant; ValidationError names the field. */
  async function checkPlacement(tenant: Tenant, placement: { team?: string; role?: string; environment?: string }) {
    const problems: { path: string; message: string }[] = [];
    if (placement.team !== undefined && !(await store.getTeam(tenant.id, placement.team))) {
      problems.push({ path: 'team', message: `no team named ${placement.team}` });
    }
    if (placement.role !== undefined && !(await store.getRole(tenant.id, placement.role))) {
      problems.push({ path: 'role', message: `no role named ${placement.role}` });
    }
    if (placement.environment !== undefined && !tenant.environments.includes(placement.environment)) {
      problems.push({ path: 'environment', message: `must be one of ${tenant.environments.join(', ')}` });
    }
    if (problems.length > 0) throw new ValidationError('The agent does not fit the tenant', problems);
  }

  /**
   * A team lead's quotas for an agent must fit under its team's and tenant's quotas (tenant
   * admins are not capped). `current` is the agent before the change when it stays in its team.
   */
  async function checkQuotas(
    principal: OperatorPrincipal,
    tenant: Tenant,
    team: string,
    requested: Agent['quotas'],
    current?: Agent['quotas'],
  ) {
    if (hasPermission(principal, 'agent:quotas-uncapped', { tenantId: tenant.id })) return;
    checkQuotaCaps({ requested, team: (await store.getTeam(tenant.id, team))?.quotas, tenant: tenant.quotas, current });
  }

  const agentRef = (agent: Agent) => ({
    tenantId: agent.tenantId,
    agentId: agent.id,
    team: agent.team,
    role: agent.role,
    environment: agent.environment,
  });

  /** A new key for an agent of `tenant`, issued now and living the tenant's key lifetime, and what the agent keeps of it. */
  function newKey(tenant: Tenant, nowMs: number): { issued: ReturnType<typeof issueApiKey>; ref: AgentKeyRef } {
    const issued = issueApiKey(tenant.id);
    return {
      issued,
      ref: {
        keyId: issued.keyId,
        keyHash: issued.keyHash,
        createdAt: isoAt(nowMs),
        expiresAt: isoAt(nowMs + tenant.settings.apiKeyTtlDays * DAY_MS),
      },
    };
  }

  function agentChange(actor: Actor, agent: Agent, fields: Omit<ChangeRecord, 'kind' | 'id' | 'at' | 'tenantId' | 'actor' | 'target'>) {
    return changeRecord(deps, {
      tenantId: agent.tenantId,
      actor,
      target: { type: 'agent', id: agent.id },
      ...fields,
    });
  }

  /**
   * Issues a new key for `current` on behalf of `by` (its actor in the change record, and its name
   * in the event). Keys issued before stay valid for `graceMinutes`, never beyond their own expiry.
   */
  async function rotate(current: Agent, input: RotateKeyInput, by: ChangeAuthor): Promise<RotatedKey> {
    const { tenantId, id: agentId } = current;
    const tenant = await requireTenant(tenantId);
    const nowMs = clock.nowMs();
    const graceEndMs = nowMs + input.graceMinutes * 60_000;
    const { issued, ref: fresh } = newKey(tenant, nowMs);
    const live = current.keys.filter((key) => Date.parse(key.expiresAt) > nowMs);
    // Keys still in a grace period are rewritten with every rotation (one transaction, at most 100 items):
    // past MAX_LIVE_KEYS a rotation must end them (graceMinutes 0), so no caller can grow the list unbounded.
    if (input.graceMinutes > 0 && live.length >= MAX_LIVE_KEYS)
      throw new ConflictError(
        `Agent ${agentId} already has ${live.length} live keys; rotate with graceMinutes 0 to end them`,
        'too_many_live_keys',
      );
    const previous = live.map((key) => ({ ...key, expiresAt: isoAt(Math.min(Date.parse(key.expiresAt), graceEndMs)) }));
    const next: Agent = {
      ...current,
      keys: [...previous.filter((key) => Date.parse(key.expiresAt) > nowMs), fresh],
      updatedAt: isoAt(nowMs),
      version: current.version + 1,
    };
    const keyRecords: ApiKeyRecord[] = [...previous, fresh].map((key) => ({ tenantId, agentId, ...key }));
    await store.saveAgent(
      next,
      current.version,
      agentChange(by.actor, next, {
        action: 'agent.key-rotated',
        after: { keyId: fresh.keyId, previousKeyValidUntil: isoAt(graceEndMs) },
        event: domainEvent('Agent.KeyRotated', {
          ...agentRef(next),
          keyId: fresh.keyId,
          previousKeyValidUntil: isoAt(graceEndMs),
          actor: by.name,
        }),
      }),
      { put: keyRecords },
    );
    return { agent: next, apiKey: issued.apiKey, keyId: fresh.keyId, expiresAt: fresh.expiresAt };
  }

  /** Moves `current` through its lifecycle on behalf of `by`; a move already done is a no-op. */
  async function moveAgent(current: Agent, move: LifecycleMove, by: ChangeAuthor, reason: string | undefined): Promise<Agent> {
    const { tenantId, id: agentId } = current;
    const transition = TRANSITIONS[move];
    if (current.status === transition.to) return current;
    if (!(transition.from as readonly AgentStatus[]).includes(current.status)) {
      throw new ConflictError(`Cannot ${move} an agent that is ${current.status}`, 'invalid_transition');
    }
    const nowMs = clock.nowMs();
    const revoking = transition.to === 'decommissioned';
    const next: Agent = {
      ...current,
      status: transition.to,
      keys: revoking ? [] : current.keys,
      updatedAt: isoAt(nowMs),
      version: current.version + 1,
    };
    const revoked: ApiKeyRecord[] = revoking ? current.keys.map((key) => ({ tenantId, agentId, ...key, revokedAt: isoAt(nowMs) })) : [];
    await store.saveAgent(
      next,
      current.version,
      agentChange(by.actor, next, {
        action: transition.action,
        ...(reason === undefined ? {} : { reason }),
        before: { status: current.status },
        after: { status: next.status },
        event: domainEvent(transition.event, {
          ...agentRef(next),
          fromStatus: current.status,
          actor: by.name,
          ...(reason === undefined ? {} : { reason }),
        }),
      }),
      { put: revoked },
    );
    return next;
  }

  /** Lifts `current`'s quarantine on behalf of `by`; undefined when it has none. */
  async function liftQuarantine(current: Agent, by: ChangeAuthor, options: { reason?: string | undefined }): Promise<Agent | undefined> {
    if (!current.quarantine) return undefined;
    const { quarantine, ...rest } = current;
    const next: Agent = { ...rest, updatedAt: isoAt(clock.nowMs()), version: current.version + 1 };
    await store.saveAgent(
      next,
      current.version,
      agentChange(by.actor, next, {
        action: 'agent.quarantine-lifted',
        ...(options.reason === undefined ? {} : { reason: options.reason }),
        before: { quarantine },
        event: domainEvent('Agent.QuarantineLifted', {
          ...agentRef(next),
          actor: by.name,
          ...(options.reason === undefined ? {} : { reason: options.reason }),
        }),
      }),
    );
    return next;
  }

  return {
    /** Registers an agent and issues its first API key, which is returned only here. */
    async register(principal: OperatorPrincipal, tenantId: string, input: RegisterAgentInput): Promise<{ agent: Agent; apiKey: string }> {
      checkPermission(principal, 'agent:write', { tenantId, teams: [input.team] });
      const tenant = await requireTenant(tenantId);
      const { role, labels, quotas } = await placementOf(input);
      await checkPlacement(tenant, { team: input.team, role, environment: input.environment });
      if (quotas !== undefined) await checkQuotas(principal, tenant, input.team, quotas);
      const nowMs = clock.nowMs();
      const { issued, ref: keyRef } = newKey(tenant, nowMs);
      const agent: Agent = {
        tenantId,
        id: ids.next('agt'),
        name: input.name,
        team: input.team,
        role,
        environment: input.environment,
        owner: input.owner,
        ownerHistory: [firstOwnerTerm(input.owner, isoAt(nowMs), principal.sub)],
        ...(input.description === undefined ? {} : { description: input.description }),
        labels,
        quotas: quotas ?? {},
        status: 'active',
        createdAt: isoAt(nowMs),
        createdBy: principal.sub,
        updatedAt: isoAt(nowMs),
        keys: [keyRef],
        version: 1,
      };
      const key: ApiKeyRecord = { tenantId, agentId: agent.id, ...keyRef };
      await store.createAgent(
        agent,
        key,
        agentChange(operatorActor(principal), agent, {
          action: 'agent.registered',
          // Change records show keys by keyId only (never their digests): auditors read them.
          after: agentView(agent),
          event: domainEvent('Agent.Registered', { ...agentRef(agent), owner: agent.owner, actor: principal.sub }),
        }),
      );
      return { agent, apiKey: issued.apiKey };
    },

    async get(principal: OperatorPrincipal, tenantId: string, agentId: string): Promise<Agent> {
      checkPermission(principal, 'agent:read', { tenantId });
      return requireAgent(tenantId, agentId);
    },

    /** Lists agents in registration order, filtered. */
    async list(principal: OperatorPrincipal, tenantId: string, query: ListAgentsQuery): Promise<ApiPage<Agent>> {
      checkPermission(principal, 'agent:read', { tenantId });
      const { limit, cursor, ...filters } = query;
      const nowMs = clock.nowMs();
      const filtered = Object.values(filters).some((value) => value !== undefined);
      return paginate({
        cursors: deps.cursors,
        binding: { tenantId, query: 'agents', filters },
        request: { limit, cursor },
        positionOf: (agent) => agent.id,
        fetch: (page) => store.listAgents(tenantId, page),
        ...(filtered ? { filter: (agent: Agent) => matchesAgentFilter(agent, filters, nowMs) } : {}),
      });
    },

    /**
     * Changes team, role, labels, owner, name, description or quotas. A team lead must lead both
     * teams of a move, and its quotas must fit under the team's and tenant's. An owner change is
     * added to the owner history (who changed it, when).
     */
    async update(principal: OperatorPrincipal, tenantId: string, agentId: string, patch: UpdateAgentInput): Promise<Agent> {
      const current = await requireAgent(tenantId, agentId);
      checkPermission(principal, 'agent:write', { tenantId, teams: [current.team, patch.team ?? current.team] });
      if (current.status === 'decommissioned') throw new ConflictError(`Agent ${agentId} is decommissioned`, 'agent_decommissioned');
      const tenant = await requireTenant(tenantId);
      const moving = patch.team !== undefined && patch.team !== current.team;
      await checkPlacement(tenant, {
        ...(moving ? { team: patch.team } : {}),
        ...(patch.role !== undefined && patch.role !== current.role ? { role: patch.role } : {}),
      });
      if (patch.quotas !== undefined || moving) {
        await checkQuotas(
          principal,
          tenant,
          patch.team ?? current.team,
          patch.quotas ?? current.quotas,
          moving ? undefined : current.quotas,
        );
      }
      const { reason, ...fields } = patch;
      const nowMs = clock.nowMs();
      const next: Agent = {
        ...current,
        ...fields,
        ...(patch.owner !== undefined && patch.owner !== current.owner
          ? { ownerHistory: withOwnerChange(current, { owner: patch.owner, by: principal.sub, nowMs }) }
          : {}),
        updatedAt: isoAt(nowMs),
        version: current.version + 1,
      };
      const changed = changedFields(current, next, ['name', 'team', 'role', 'labels', 'owner', 'description', 'quotas', 'pins']);
      await store.saveAgent(
        next,
        current.version,
        agentChange(operatorActor(principal), next, {
          action: 'agent.updated',
          ...(reason === undefined ? {} : { reason }),
          before: agentView(current),
          after: agentView(next),
          event: domainEvent('Agent.Updated', { ...agentRef(next), changed, actor: principal.sub }),
        }),
      );
      return next;
    },

    /**
     * Issues a new key. Keys issued before stay valid for `graceMinutes` (never beyond their own
     * expiry), so the agent can switch without downtime.
     */
    async rotateKey(principal: OperatorPrincipal, tenantId: string, agentId: string, input: RotateKeyInput): Promise<RotatedKey> {
      const current = await requireAgent(tenantId, agentId);
      checkPermission(principal, 'agent:write', { tenantId, teams: [current.team] });
      if (current.status === 'decommissioned') throw new ConflictError(`Agent ${agentId} is decommissioned`, 'agent_decommissioned');
      return rotate(current, input, { actor: operatorActor(principal), name: principal.sub });
    },

    /**
     * The calling agent rotates its own key before it expires: the same rotation as `rotateKey`,
     * recorded with the agent as the actor. Only an active agent may; a suspended or decommissioned
     * one is refused even if its key got this far.
     */
    async rotateOwnKey(principal: AgentPrincipal, input: RotateKeyInput): Promise<RotatedKey> {
      const current = await requireAgent(principal.tenantId, principal.agentId);
      if (current.status === 'suspended') throw new ForbiddenError('The agent is suspended', 'agent_suspended');
      if (current.status === 'decommissioned') throw new ForbiddenError('The agent is decommissioned', 'agent_decommissioned');
      return rotate(current, input, { actor: agentActor(principal), name: principal.agentId });
    },

    /**
     * Suspends, reinstates or decommissions an agent. Repeating a move that is already done is a
     * no-op; decommissioning revokes every key at once and cannot be undone. Reinstating an active
     * agent in quarantine lifts the quarantine.
     */
    async changeLifecycle(
      principal: OperatorPrincipal,
      tenantId: string,
      agentId: string,
      move: LifecycleMove,
      input: LifecycleChangeInput,
    ): Promise<Agent> {
      const current = await requireAgent(tenantId, agentId);
      checkPermission(principal, 'agent:write', { tenantId, teams: [current.team] });
      const by = { actor: operatorActor(principal), name: principal.sub };
      if (move === 'reinstate' && current.status === 'active' && current.quarantine)
        return (await liftQuarantine(current, by, { reason: input.reason })) ?? current;
      return moveAgent(current, move, by, input.reason);
    },

    /**
     * The same moves made by Warden itself (a remediation playbook), recorded with `by.actor`: the
     * caller, not an operator's permissions, decided that it may.
     */
    async changeLifecycleAs(by: ChangeAuthor, tenantId: string, agentId: string, move: LifecycleMove, reason: string): Promise<Agent> {
      return moveAgent(await requireAgent(tenantId, agentId), move, by, reason);
    },

    /**
     * Puts an active or suspended agent in quarantine until `until` (replacing a shorter one).
     * Returns the agent as saved, or undefined when it is decommissioned (nothing to do).
     */
    async quarantine(by: ChangeAuthor, tenantId: string, agentId: string, mark: Omit<Quarantine, 'by'>): Promise<Agent | undefined> {
      const current = await requireAgent(tenantId, agentId);
      if (current.status === 'decommissioned') return undefined;
      if (current.quarantine && current.quarantine.until >= mark.until) return current;
      const nowMs = clock.nowMs();
      const quarantine: Quarantine = { ...mark, by: by.name };
      const next: Agent = { ...current, quarantine, updatedAt: isoAt(nowMs), version: current.version + 1 };
      await store.saveAgent(
        next,
        current.version,
        agentChange(by.actor, next, {
          action: 'agent.quarantined',
          reason: mark.reason,
          ...(current.quarantine ? { before: { quarantine: current.quarantine } } : {}),
          after: { quarantine },
          event: domainEvent('Agent.Quarantined', { ...agentRef(next), until: mark.until, actor: by.name, reason: mark.reason }),
        }),
      );
      return next;
    },

    /** Lifts the agent's quarantine (only the one `runId` set, when given); undefined when there is none to lift. */
    async liftQuarantineAs(by: ChangeAuthor, tenantId: string, agentId: string, options: { reason: string; runId?: string }) {
      const current = await requireAgent(tenantId, agentId);
      if (options.runId !== undefined && current.quarantine?.runId !== options.runId) return undefined;
      return liftQuarantine(current, by, options);
    },

    /** Ends the agent's live keys now (only `keyId` when given); returns the key ids it ended. */
    async expireKeysAs(by: ChangeAuthor, tenantId: string, agentId: string, options: { reason: string; keyId?: string }) {
      const current = await requireAgent(tenantId, agentId);
      const nowMs = clock.nowMs();
      const ending = current.keys.filter(
        (key) => Date.parse(key.expiresAt) > nowMs && (options.keyId === undefined || key.keyId === options.keyId),
      );
      if (ending.length === 0) return [];
      const ended = new Set(ending.map((key) => key.keyId));
      const next: Agent = {
        ...current,
        keys: current.keys.map((key) => (ended.has(key.keyId) ? { ...key, expiresAt: isoAt(nowMs) } : key)),
        updatedAt: isoAt(nowMs),
        version: current.version + 1,
      };
      await store.saveAgent(
        next,
        current.version,
        agentChange(by.actor, next, {
          action: 'agent.key-expired',
          reason: options.reason,
          after: { keyIds: [...ended], expiredAt: isoAt(nowMs) },
          event: domainEvent('Agent.Updated', { ...agentRef(next), changed: ['keys'], actor: by.name }),
        }),
        { put: next.keys.filter((key) => ended.has(key.keyId)).map((key) => ({ tenantId, agentId, ...key })) },
      );
      return [...ended];
    },

    /** The calling agent, as its key identifies it. */
    async self(principal: AgentPrincipal): Promise<Agent> {
      return requireAgent(principal.tenantId, principal.agentId);
    },
  };
}

export type AgentRegistry = ReturnType<typeof createAgentRegistry>;
