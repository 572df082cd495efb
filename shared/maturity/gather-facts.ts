/**
 * Reads the facts the maturity model judges (maturity-facts.ts) from the stores the rest of Warden
 * keeps: agents, teams and the tenant's settings; the active policies and the test library; the
 * metrics rollups (never the audit log); approvals, monitoring settings, channels, playbooks, runs
 * and incidents. Every read is bounded (the MAX_* constants, documented in docs/maturity.md).
 */
import type { ApprovalStore } from '../approvals/approval-store';
import { effectiveHygiene } from '../hygiene/hygiene-settings';
import { type Clock, isoAt } from '../kernel/clock';
import { NotFoundError } from '../kernel/errors';
import { firstIdAt } from '../kernel/ids';
import type { StorePage } from '../kernel/page';
import type { MetricsStore } from '../metrics/metric-rollup';
import { approvalFiguresOf, bucketsBetween } from '../metrics/metrics-report';
import { DEFAULT_MONITORING_SETTINGS } from '../monitoring/monitoring-settings';
import type { MonitoringStore } from '../monitoring/monitoring-store';
import type { NotificationStore } from '../notifications/notification-ports';
import { PolicyDocumentSchema, type PolicyDocument } from '../policy/document';
import type { PolicyStore } from '../policy-lifecycle/policy-store';
import { ORG_OWNER, type ScopeHead, tenantOwner } from '../policy-lifecycle/policy-version';
import type { RemediationStore } from '../remediation/remediation-ports';
import type { Agent } from '../tenancy/agent';
import type { TenancyStore } from '../tenancy/tenancy-store';
import type { MaturityFacts } from './maturity-facts';
import { MAX_KEY_LIFETIME_DAYS } from './maturity-model';

/** Agents, teams, runs and incidents read per assessment at most. */
export const MAX_AGENTS_READ = 10_000;
export const MAX_TEAMS_READ = 1_000;
export const MAX_RUNS_READ = 1_000;
export const MAX_INCIDENTS_READ = 1_000;

const DAY_MS = 86_400_000;
const PAGE = 100;
/** The events whose channel counts as routing alerts to people. */
const ALERT_EVENTS = new Set(['Anomaly.Detected', 'Incident.Opened', 'Approval.Requested']);

export interface MaturitySources {
  readonly tenancy: Pick<TenancyStore, 'getTenant' | 'listAgents' | 'listTeams'>;
  readonly policies: Pick<PolicyStore, 'listHeads' | 'getTestLibrary'>;
  readonly approvals: Pick<ApprovalStore, 'listRecentApprovals'>;
  readonly metrics: Pick<MetricsStore, 'listBuckets'>;
  readonly monitoring: Pick<MonitoringStore, 'getSettings' | 'listIncidents'>;
  readonly channels: Pick<NotificationStore, 'listChannels'>;
  readonly remediation: Pick<RemediationStore, 'listPlaybooks' | 'listRuns'>;
  readonly clock: Clock;
}

/** Reads pages (newest or first first) until `max` items, the end, or `enough` says stop. */
async function readPages<T>(
  read: (page: { limit: number; after?: string }) => Promise<StorePage<T>>,
  idOf: (item: T) => string,
  max: number,
  enough: (item: T) => boolean = () => false,
): Promise<{ items: T[]; capped: boolean }> {
  const items: T[] = [];
  let after: string | undefined;
  while (items.length < max) {
    const page = await read({ limit: Math.min(PAGE, max - items.length), ...(after ? { after } : {}) });
    for (const item of page.items) {
      if (enough(item)) return { items, capped: false };
      items.push(item);
    }
    const last = page.items[page.items.length - 1];
    if (!page.more || !last) return { items, capped: false };
    after = idOf(last);
  }
  return { items, capped: true };
}

const documentOf = (head: ScopeHead): PolicyDocument | undefined => {
  if (head.activeVersion === undefined) return undefined;
  const parsed = PolicyDocumentSchema.safeParse(head.activeDocument);
  return parsed.success ? parsed.data : undefined;
};

/**
 * The scopes a scenario exercises: the tenant's always, and its agent's team, role or id. The
 * library was validated when saved; reading only these fields keeps the policy engine (CEL, RE2)
 * out of the maturity functions.
 */
function scopesOf(scenario: unknown): string[] {
  const { agent, agentId } = (scenario ?? {}) as { agent?: { team?: unknown; role?: unknown }; agentId?: unknown };
  return [
    'tenant',
    ...(typeof agent?.team === 'string' ? [`team:${agent.team}`] : []),
    ...(typeof agent?.role === 'string' ? [`role:${agent.role}`] : []),
    ...(typeof agentId === 'string' ? [`agent:${agentId}`] : []),
  ];
}

/** The agent figures: owners, idleness and key ages, against the tenant's limits. */
function agentFigures(agents: readonly Agent[], limits: { inactiveAgentDays: number; keyMaxAgeDays: number }, nowMs: number) {
  const active = agents.filter((agent) => agent.status === 'active');
  const liveKeys = active.flatMap((agent) => agent.keys.filter((key) => Date.parse(key.expiresAt) > nowMs));
  const newestKeyMs = (agent: Agent) => Math.max(...agent.keys.map((key) => Date.parse(key.createdAt)), 0);
  return {
    active: active.length,
    withoutOwnerOrTeam: active.filter((agent) => !agent.owner || !agent.team).length,
    inactive: active.filter((agent) => nowMs - Date.parse(agent.lastSeenAt ?? agent.createdAt) > limits.inactiveAgentDays * DAY_MS).length,
    inactiveAgentDays: limits.inactiveAgentDays,
    staleKeys: active.filter((agent) => nowMs - newestKeyMs(agent) > limits.keyMaxAgeDays * DAY_MS).length,
    longLivedKeys: liveKeys.filter((key) => Date.parse(key.expiresAt) - Date.parse(key.createdAt) > MAX_KEY_LIFETIME_DAYS * DAY_MS).length,
    keyMaxAgeDays: limits.keyMaxAgeDays,
  };
}

/** The policy figures: the tenant's scopes and defaults, guardrails, approval rules and how much the tests exercise. */
function policyFigures(tenantHeads: readonly ScopeHead[], orgHeads: readonly ScopeHead[], scenarios: readonly unknown[]) {
  const tenantDocs = tenantHeads.map((head) => ({ scope: head.scope, document: documentOf(head) }));
  const orgDoc = orgHeads.map(documentOf).find((document) => document !== undefined);
  const tenantDoc = tenantDocs.find((entry) => entry.scope === 'tenant')?.document;
  const activeScopes = tenantDocs.filter((entry) => entry.document !== undefined).map((entry) => entry.scope);
  const exercised = new Set(scenarios.flatMap(scopesOf));
  const all = [orgDoc, ...tenantDocs.map((entry) => entry.document)].filter((document) => document !== undefined);
  const prodDefault =
    tenantDoc?.defaults?.prod !== undefined
      ? { effect: tenantDoc.defaults.prod, from: 'tenant' as const }
      : orgDoc?.defaults?.prod !== undefined
        ? { effect: orgDoc.defaults.prod, from: 'org' as const }
        : { effect: 'deny', from: 'none' as const };
  return {
    ...(tenantDoc === undefined ? {} : { tenantActiveVersion: tenantHeads.find((head) => head.scope === 'tenant')?.activeVersion }),
    prodDefault,
    lockedRules: [orgDoc, tenantDoc].reduce((sum, document) => sum + (document?.rules.filter((rule) => rule.locked).length ?? 0), 0),
    approvalRules: all.reduce((sum, document) => sum + document.rules.filter((rule) => rule.effect === 'require_approval').length, 0),
    activeScopes: activeScopes.length,
    testedScopes: activeScopes.filter((scope) => exercised.has(scope)).length,
    scenarios: scenarios.length,
  };
}

/** Reads one tenant's facts now; NotFoundError when the tenant does not exist. */
export async function gatherFacts(sources: MaturitySources, tenantId: string): Promise<MaturityFacts> {
  const nowMs = sources.clock.nowMs();
  const tenant = await sources.tenancy.getTenant(tenantId);
  if (!tenant) throw new NotFoundError('Tenant', tenantId);
  const hygiene = effectiveHygiene(tenant.hygiene);
  const since30d = nowMs - 30 * DAY_MS;
  const owner = tenantOwner(tenantId);

  const [agents, teams, tenantHeads, orgHeads, library, approved, rejected, days, settings, channels, playbooks, runs, incidents] =
    await Promise.all([
      readPages(
        (page) => sources.tenancy.listAgents(tenantId, page),
        (agent) => agent.id,
        MAX_AGENTS_READ,
      ),
      readPages(
        (page) => sources.tenancy.listTeams(tenantId, page),
        (team) => team.name,
        MAX_TEAMS_READ,
      ),
      sources.policies.listHeads(owner),
      sources.policies.listHeads(ORG_OWNER),
      sources.policies.getTestLibrary(owner),
      sources.approvals.listRecentApprovals(tenantId, 'approved', { limit: 1000, since: firstIdAt('apr', since30d - 30 * DAY_MS) }),
      sources.approvals.listRecentApprovals(tenantId, 'rejected', { limit: 1000, since: firstIdAt('apr', since30d - 30 * DAY_MS) }),
      sources.metrics.listBuckets(tenantId, 'day', bucketsBetween(nowMs - 13 * DAY_MS, nowMs, 'day'), 'tenant'),
      sources.monitoring.getSettings(tenantId),
      sources.channels.listChannels(tenantId),
      sources.remediation.listPlaybooks(tenantId),
      readPages(
        (page) => sources.remediation.listRuns(tenantId, page),
        (run) => run.id,
        MAX_RUNS_READ,
        (run) => Date.parse(run.startedAt) < since30d,
      ),
      readPages(
        (page) => sources.monitoring.listIncidents(tenantId, page),
        (incident) => incident.id,
        MAX_INCIDENTS_READ,
      ),
    ]);

  const thisWeekFrom = bucketsBetween(nowMs - 6 * DAY_MS, nowMs, 'day')[0]!;
  const week = (inThisWeek: boolean) =>
    days
      .filter((bucket) => bucket.bucket >= thisWeekFrom === inThisWeek)
      .reduce((sum, bucket) => ({ decisions: sum.decisions + bucket.decisions, denied: sum.denied + bucket.denied }), {
        decisions: 0,
        denied: 0,
      });
  const detectors = Object.values(settings?.detectors ?? DEFAULT_MONITORING_SETTINGS.detectors);
  const approvals = approvalFiguresOf({
    pending: [],
    settled: [...approved.items, ...rejected.items],
    fromMs: since30d,
    toMs: nowMs,
    capped: false,
  });
  const openedSince = (ms: number) => incidents.items.filter((incident) => Date.parse(incident.openedAt) >= ms).length;

  return {
    at: isoAt(nowMs),
    tenantName: tenant.name,
    agents: {
      ...agentFigures(
        agents.items,
        { inactiveAgentDays: hygiene.inactiveAgentDays, keyMaxAgeDays: hygiene.keyMaxAgeDays ?? tenant.settings.apiKeyTtlDays },
        nowMs,
      ),
      capped: agents.capped,
    },
    policies: policyFigures(tenantHeads, orgHeads, library?.scenarios ?? []),
    quotas: {
      tenant: Object.keys(tenant.quotas ?? {}).length > 0,
      teams: teams.items.length,
      teamsWithQuotas: teams.items.filter((team) => Object.keys(team.quotas).length > 0).length,
    },
    approvals: { decided30d: approvals.decided, medianMinutesToDecide: approvals.medianMinutesToDecide },
    monitoring: {
      detectorsEnabled: detectors.filter((detector) => detector.enabled).length,
      detectors: detectors.length,
      channels: channels.length,
      alertChannels: channels.filter((channel) => channel.events.some((event) => ALERT_EVENTS.has(event))).length,
    },
    remediation: {
      enabledPlaybooks: playbooks.filter((playbook) => playbook.enabled).length,
      enforcingPlaybooks: playbooks.filter((playbook) => playbook.enabled && playbook.mode === 'enforce').length,
      runs30d: runs.items.length,
    },
    trends: {
      thisWeek: week(true),
      lastWeek: week(false),
      incidents30d: openedSince(since30d),
      incidentsPrevious30d: openedSince(since30d - 30 * DAY_MS) - openedSince(since30d),
      staleOpenIncidents: incidents.items.filter(
        (incident) => incident.status !== 'resolved' && nowMs - Date.parse(incident.openedAt) > 7 * DAY_MS,
      ).length,
    },
  };
}
