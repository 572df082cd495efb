/**
 * The daily hygiene sweep (schedule `hygiene-sweep`): every tenant once a UTC day, every agent of
 * it, each finding of hygiene-findings.ts saved with the agent from its version and announced by a
 * change record (actor `system:hygiene`) whose event (`Key.Expiring`, `Key.Expired`,
 * `Agent.Inactive`) notifications and, later, playbooks act on. It also times out approvals whose
 * workflow died (pending well past their deadline), as the workflow would have.
 *
 * Bounded: a run sweeps at most MAX_TENANTS_PER_RUN tenants and remembers where it stopped (a
 * cursor per day), so thousands of tenants spread over the day's runs instead of one long
 * invocation; a tenant's agents are read a page at a time, at most MAX_AGENTS_PER_TENANT. Running
 * twice changes nothing: what was reported is marked on the agent.
 */
import pLimit from 'p-limit';
import type { ChangeRecord } from '../audit/change-record';
import { domainEvent } from '../events/catalog';
import { type Clock, isoAt } from '../kernel/clock';
import { ConflictError } from '../kernel/errors';
import type { IdGenerator } from '../kernel/ids';
import type { Agent } from '../tenancy/agent';
import { changeRecord } from '../tenancy/change';
import type { Tenant } from '../tenancy/tenant';
import type { TenancyStore } from '../tenancy/tenancy-store';
import { type Finding, nextFinding } from './hygiene-findings';
import { effectiveHygiene, type EffectiveHygiene } from './hygiene-settings';

/** Tenants one run sweeps at most (the rest wait for the next run of the day). */
export const MAX_TENANTS_PER_RUN = 200;
/** Agents of one tenant a sweep looks at, at most (documented limit). */
export const MAX_AGENTS_PER_TENANT = 10_000;
/** Findings saved per agent and sweep at most (an agent has at most a few). */
const MAX_FINDINGS_PER_AGENT = 5;
const TENANTS_AT_ONCE = 8;
const PAGE = 100;
const ACTOR = { type: 'system', name: 'hygiene' } as const;

/** Where the sweep of a day stands: the last tenant swept (tenants are listed in id order), or done. */
export interface SweepCursor {
  readonly day: string;
  readonly after?: string;
  readonly done: boolean;
}

/** Where the sweep keeps its cursor (one item for the platform). */
export interface SweepCursorStore {
  getSweepCursor(): Promise<SweepCursor | undefined>;
  putSweepCursor(cursor: SweepCursor): Promise<void>;
}

export interface HygieneSweepDeps {
  readonly tenancy: Pick<TenancyStore, 'listTenants' | 'listAgents' | 'getAgent' | 'saveAgent'>;
  /** Times out the tenant's approvals whose workflow never did (approvals/workflow-steps.ts); returns how many. */
  readonly staleApprovals?: (tenantId: string) => Promise<number>;
  /** Removes the tenant's expired grants (approvals/grant-management.ts); returns how many. */
  readonly expiredGrants?: (tenantId: string) => Promise<number>;
  readonly cursors: SweepCursorStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/** What a run did. */
export interface SweepRun {
  readonly day: string;
  readonly tenants: number;
  readonly findings: number;
  /** Pending approvals timed out because their workflow never did. */
  readonly staleApprovals: number;
  /** Expired grants removed. */
  readonly expiredGrants: number;
  /** Tenants whose sweep failed (they are swept again the next day). */
  readonly failed: readonly string[];
  /** True when every tenant was swept today. */
  readonly done: boolean;
}

const agentRef = (agent: Agent) => ({ agentId: agent.id, team: agent.team, role: agent.role, environment: agent.environment });

/** The change record announcing a finding. */
function findingChange(deps: Pick<HygieneSweepDeps, 'clock' | 'ids'>, agent: Agent, finding: Finding): ChangeRecord {
  const base = { tenantId: agent.tenantId, actor: ACTOR, target: { type: 'agent', id: agent.id } };
  const ref = { tenantId: agent.tenantId, ...agentRef(agent), owner: agent.owner };
  switch (finding.kind) {
    case 'key_expiring':
      return changeRecord(deps, {
        ...base,
        action: 'agent.key-expiring',
        after: { keyId: finding.keyId, expiresAt: finding.expiresAt, daysLeft: finding.daysLeft },
        event: domainEvent('Key.Expiring', { ...ref, keyId: finding.keyId, expiresAt: finding.expiresAt, daysLeft: finding.daysLeft }),
      });
    case 'key_expired':
      return changeRecord(deps, {
        ...base,
        action: 'agent.key-expired',
        reason: `key older than ${finding.maxAgeDays} days`,
        after: { keyId: finding.keyId, createdAt: finding.createdAt, expiredAt: isoAt(deps.clock.nowMs()) },
        event: domainEvent('Key.Expired', { ...ref, keyId: finding.keyId, createdAt: finding.createdAt, maxAgeDays: finding.maxAgeDays }),
      });
    case 'agent_inactive':
      return changeRecord(deps, {
        ...base,
        action: 'agent.inactive',
        after: { idleSince: finding.idleSince, inactiveDays: finding.inactiveDays, dueFor: finding.dueFor },
        event: domainEvent('Agent.Inactive', {
          ...ref,
          status: agent.status,
          ...(agent.lastSeenAt === undefined ? {} : { lastSeenAt: agent.lastSeenAt }),
          idleSince: finding.idleSince,
          inactiveDays: finding.inactiveDays,
          thresholdDays: finding.thresholdDays,
          dueFor: finding.dueFor,
        }),
      });
  }
}

export function createHygieneSweep(deps: HygieneSweepDeps) {
  const { tenancy, clock } = deps;

  /** Saves the agent's findings one by one from its version; reads it again when someone else changed it. Returns how many. */
  async function sweepAgent(agent: Agent, limits: EffectiveHygiene): Promise<number> {
    let current: Agent | undefined = agent;
    let saved = 0;
    for (let step = 0; step < MAX_FINDINGS_PER_AGENT && current; step++) {
      const nowMs = clock.nowMs();
      const finding = nextFinding(current, limits, nowMs);
      if (!finding) break;
      const next: Agent = { ...finding.next, updatedAt: isoAt(nowMs), version: current.version + 1 };
      const keys =
        finding.kind === 'key_expired'
          ? {
              put: next.keys
                .filter((key) => key.keyId === finding.keyId)
                .map((key) => ({ tenantId: next.tenantId, agentId: next.id, ...key })),
            }
          : {};
      try {
        await tenancy.saveAgent(next, current.version, findingChange(deps, current, finding), keys);
        current = next;
        saved++;
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        current = await tenancy.getAgent(agent.tenantId, agent.id);
      }
    }
    return saved;
  }

  /** Sweeps every agent of a tenant (a page at a time, at most MAX_AGENTS_PER_TENANT); returns the findings saved. */
  async function sweepTenant(tenant: Tenant): Promise<number> {
    const limits = effectiveHygiene(tenant.hygiene);
    let findings = 0;
    let seen = 0;
    let after: string | undefined;
    while (seen < MAX_AGENTS_PER_TENANT) {
      const page = await tenancy.listAgents(tenant.id, {
        limit: Math.min(PAGE, MAX_AGENTS_PER_TENANT - seen),
        ...(after ? { after } : {}),
      });
      for (const agent of page.items) {
        const found = await sweepAgent(agent, limits);
        findings += found;
      }
      seen += page.items.length;
      const last = page.items[page.items.length - 1];
      if (!page.more || !last) break;
      after = last.id;
    }
    return findings;
  }

  return {
    sweepTenant,

    /** Sweeps the next tenants of today's round (at most MAX_TENANTS_PER_RUN); nothing once all were swept today. */
    async run(): Promise<SweepRun> {
      const day = isoAt(clock.nowMs()).slice(0, 10);
      const stored = await deps.cursors.getSweepCursor();
      let cursor: SweepCursor = stored?.day === day ? stored : { day, done: false };
      const failed: string[] = [];
      let tenants = 0;
      let findings = 0;
      let staleApprovals = 0;
      let expiredGrants = 0;
      const limit = pLimit(TENANTS_AT_ONCE);
      while (!cursor.done && tenants < MAX_TENANTS_PER_RUN) {
        const page = await tenancy.listTenants({
          limit: Math.min(PAGE, MAX_TENANTS_PER_RUN - tenants),
          ...(cursor.after ? { after: cursor.after } : {}),
        });
        const active = page.items.filter((tenant) => tenant.status === 'active');
        await Promise.all(
          active.map((tenant) =>
            limit(async () => {
              try {
                const found = await sweepTenant(tenant);
                findings += found;
                const timedOut = (await deps.staleApprovals?.(tenant.id)) ?? 0;
                staleApprovals += timedOut;
                const removed = (await deps.expiredGrants?.(tenant.id)) ?? 0;
                expiredGrants += removed;
              } catch {
                failed.push(tenant.id);
              }
            }),
          ),
        );
        tenants += page.items.length;
        const last = page.items[page.items.length - 1];
        cursor = { day, ...(last ? { after: last.id } : cursor.after ? { after: cursor.after } : {}), done: !page.more || !last };
        await deps.cursors.putSweepCursor(cursor);
      }
      return { day, tenants, findings, staleApprovals, expiredGrants, failed, done: cursor.done };
    },
  };
}

export type HygieneSweep = ReturnType<typeof createHygieneSweep>;
