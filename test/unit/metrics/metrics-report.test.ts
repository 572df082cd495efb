/**
 * The metrics report's figures from given inputs: the most denied actions from the buckets'
 * `deniedActions`, approvals pending and decided in the window with the median time to decide,
 * and the decisions quota of the scope asked for. The rollups, approvals, tenancy and quota
 * counters are small stubs (the stores have their own contract suites).
 */
import { describe, expect, it } from 'vitest';
import type { Approval, ApprovalStatus } from '../../../shared/approvals/approval';
import type { OperatorPrincipal } from '../../../shared/auth/principal';
import { isoAt } from '../../../shared/kernel/clock';
import { createIdGenerator, firstIdAt } from '../../../shared/kernel/ids';
import type { Quotas } from '../../../shared/kernel/schemas';
import { actionKeyOf } from '../../../shared/metrics/action-key';
import { emptyLatency } from '../../../shared/metrics/latency-histogram';
import type { Granularity, MetricBucket } from '../../../shared/metrics/metric-rollup';
import {
  approvalFiguresOf,
  createMetricsReports,
  MAX_APPROVALS_READ,
  type MetricsReportDeps,
  medianOf,
  type MetricsQuery,
  quotaFigureOf,
  topDeniedOf,
} from '../../../shared/metrics/metrics-report';
import { quotaKey } from '../../../shared/quotas/quota';
import type { AgentRole, Team } from '../../../shared/tenancy/team';
import { anAgent, aTenant } from '../../support/tenancy-fixtures';

const NOW = '2026-12-06T12:30:00.000Z';
const NOW_MS = Date.parse(NOW);
const MINUTE = 60_000;
const TENANT = 'acme';

const admin: OperatorPrincipal = { kind: 'operator', sub: 'admin', tenantId: TENANT, roles: ['tenant-admin'], teams: [] };
const lead: OperatorPrincipal = { kind: 'operator', sub: 'lead', tenantId: TENANT, roles: ['team-lead'], teams: ['ops'] };

const key = (action: string, tool?: string) => actionKeyOf(tool === undefined ? { action } : { action, tool });

function aBucket(bucket: string, dimension: string, deniedActions?: Record<string, number>): MetricBucket {
  return {
    bucket,
    dimension,
    decisions: 0,
    allowed: 0,
    denied: 0,
    approvalsRequired: 0,
    latency: emptyLatency(),
    ...(deniedActions ? { deniedActions } : {}),
  };
}

/** An approval opened `openedMinutesAgo` before NOW and, unless pending, settled `decidedMinutesAgo` before NOW. */
function anApproval(fields: {
  status: ApprovalStatus;
  openedMinutesAgo: number;
  decidedMinutesAgo?: number;
  team?: string;
  agentId?: string;
}): Approval {
  const openedMs = NOW_MS - fields.openedMinutesAgo * MINUTE;
  const decided = fields.decidedMinutesAgo === undefined ? {} : { decidedAt: isoAt(NOW_MS - fields.decidedMinutesAgo * MINUTE) };
  return {
    id: createIdGenerator({ nowMs: () => openedMs }).next('apr'),
    tenantId: TENANT,
    agent: { id: fields.agentId ?? 'agt_a', name: 'bot', team: fields.team ?? 'ops', role: 'bot', environment: 'prod', owner: 'o' },
    request: { action: 'deploy' },
    requestKey: 'k',
    risk: 'low',
    rule: { id: 'r', scope: 'tenant', version: 1 },
    reason: 'needs approval',
    grantMinutes: 30,
    origin: { type: 'decision', decisionId: 'dec_1' },
    status: fields.status,
    requiredApprovals: 1,
    approvals: [],
    escalated: false,
    deadlineAt: NOW,
    createdAt: isoAt(openedMs),
    updatedAt: NOW,
    ...decided,
    version: 1,
  };
}

/** A report over stubs; `reads` records what the rollups and approvals were asked for. */
function reportOver(
  given: {
    buckets?: MetricBucket[];
    approvals?: Approval[];
    more?: boolean;
    tenantQuotas?: Quotas;
    teams?: Team[];
    agents?: ReturnType<typeof anAgent>[];
    roles?: AgentRole[];
    used?: Record<string, number>;
  } = {},
) {
  const reads = {
    buckets: [] as { granularity: Granularity; buckets: readonly string[]; dimension: string }[],
    approvals: [] as { status: ApprovalStatus; since?: string; limit: number }[],
  };
  const deps: MetricsReportDeps = {
    clock: { nowMs: () => NOW_MS },
    store: {
      async listBuckets(_tenantId, granularity, buckets, dimension) {
        reads.buckets.push({ granularity, buckets, dimension });
        return (given.buckets ?? []).filter(
          (bucket) =>
            buckets.includes(bucket.bucket) &&
            bucket.bucket.length === { minute: 16, hour: 13, day: 10 }[granularity] &&
            (dimension.endsWith('#') ? bucket.dimension.startsWith(dimension) : bucket.dimension === dimension),
        );
      },
    },
    approvals: {
      async listRecentApprovals(_tenantId, status, page) {
        reads.approvals.push({ status, limit: page.limit, ...(page.since === undefined ? {} : { since: page.since }) });
        const items = (given.approvals ?? [])
          .filter((approval) => approval.status === status && (page.since === undefined || approval.id >= page.since))
          .sort((a, b) => (a.id < b.id ? 1 : -1));
        return { items: items.slice(0, page.limit), more: given.more ?? false };
      },
    },
    tenants: { get: async (tenantId) => aTenant(tenantId, { quotas: given.tenantQuotas ?? {} }) },
    tenancy: {
      getTeam: async (_tenantId, name) => given.teams?.find((team) => team.name === name),
      getAgent: async (_tenantId, agentId) => given.agents?.find((agent) => agent.id === agentId),
      getRole: async (_tenantId, name) => given.roles?.find((role) => role.name === name),
    },
    quotaUsed: async (_tenantId, quota) => given.used?.[quotaKey(quota)] ?? 0,
  };
  return { report: createMetricsReports(deps), reads };
}

/** A query as the route hands it over (agent ids in these tests are short stand-ins). */
const query = (input: Partial<MetricsQuery> = {}): MetricsQuery => ({ window: '24h', ...input });

const aTeam = (name: string, quotas: Quotas): Team => ({ tenantId: TENANT, name, quotas, createdAt: NOW, createdBy: 'admin', version: 1 });

const aRole = (name: string, quotas: Quotas): AgentRole => ({
  tenantId: TENANT,
  name,
  description: name,
  quotas,
  createdAt: NOW,
  updatedAt: NOW,
  updatedBy: 'admin',
  version: 1,
});

describe('Metrics report', () => {
  describe('medianOf', () => {
    it('is the middle value of an odd count, the mean of the middle two of an even count, and undefined of none', () => {
      expect(medianOf([9, 1, 4])).toBe(4);
      expect(medianOf([10, 2, 4, 7])).toBe(5.5);
      expect(medianOf([3])).toBe(3);
      expect(medianOf([])).toBeUndefined();
    });
  });

  describe('topDenied', () => {
    it('sums each action over the buckets, largest first, ties in key order, at most the limit', () => {
      const buckets = [
        aBucket('2026-12-05', 'tenant', { [key('tool:invoke', 'github.push')]: 3, [key('payments:refund')]: 2 }),
        aBucket('2026-12-06', 'tenant', { [key('payments:refund')]: 4, [key('secret:read')]: 3, [key('tool:invoke', 'crm.read')]: 3 }),
        aBucket('2026-12-06', 'tenant'),
      ];
      expect(topDeniedOf(buckets)).toEqual([
        { action: 'payments:refund', count: 6 },
        { action: 'secret:read', count: 3 },
        { action: 'tool:invoke', tool: 'crm.read', count: 3 },
        { action: 'tool:invoke', tool: 'github.push', count: 3 },
      ]);
      expect(topDeniedOf(buckets, 2).map((denied) => denied.action)).toEqual(['payments:refund', 'secret:read']);
      expect(topDeniedOf([])).toEqual([]);
    });

    it("reads the tenant's days for a 24h window and its hours for 1h, and lists at most 10", async () => {
      const many = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [key(`action:${String(i).padStart(2, '0')}`), 20 - i]));
      const { report, reads } = reportOver({
        buckets: [aBucket('2026-12-06', 'tenant', many), aBucket('2026-12-06T12', 'tenant', { [key('deploy')]: 1 })],
      });
      const day = await report.metrics(admin, TENANT, query({ window: '24h' }));
      expect(day.topDenied).toHaveLength(10);
      expect(day.topDenied[0]).toEqual({ action: 'action:00', count: 20 });
      expect(reads.buckets).toContainEqual({ granularity: 'day', buckets: ['2026-12-05', '2026-12-06'], dimension: 'tenant' });
      expect((await report.metrics(admin, TENANT, query({ window: '1h' }))).topDenied).toEqual([{ action: 'deploy', count: 1 }]);
    });

    it("reads only the team's buckets under a team filter, and shows none for one agent (no per-agent counts)", async () => {
      const { report, reads } = reportOver({
        buckets: [
          aBucket('2026-12-06', 'tenant', { [key('deploy')]: 5 }),
          aBucket('2026-12-06', 'team#ops', { [key('deploy')]: 2 }),
          aBucket('2026-12-06', 'team#research', { [key('secret:read')]: 3 }),
        ],
      });
      expect((await report.metrics(lead, TENANT, query({ team: 'ops' }))).topDenied).toEqual([{ action: 'deploy', count: 2 }]);
      const before = reads.buckets.length;
      expect((await report.metrics(admin, TENANT, query({ agentId: 'agt_a' }))).topDenied).toEqual([]);
      expect(reads.buckets.slice(before).map((read) => read.dimension)).not.toContain('tenant');
    });
  });

  describe('approvals', () => {
    const window = { fromMs: NOW_MS - 24 * 60 * MINUTE, toMs: NOW_MS, capped: false };

    it('counts what is pending, and what was approved or rejected in the window with the median minutes to decide', () => {
      const figures = approvalFiguresOf({
        ...window,
        pending: [anApproval({ status: 'pending', openedMinutesAgo: 5 }), anApproval({ status: 'pending', openedMinutesAgo: 50 })],
        settled: [
          anApproval({ status: 'approved', openedMinutesAgo: 100, decidedMinutesAgo: 90 }), // 10 min
          anApproval({ status: 'rejected', openedMinutesAgo: 100, decidedMinutesAgo: 70 }), // 30 min
          anApproval({ status: 'approved', openedMinutesAgo: 3000, decidedMinutesAgo: 60 }), // 2940 min, opened before the window
          anApproval({ status: 'approved', openedMinutesAgo: 3000, decidedMinutesAgo: 2000 }), // decided before the window
          anApproval({ status: 'expired', openedMinutesAgo: 500, decidedMinutesAgo: 20 }), // not a decision
        ],
      });
      expect(figures).toEqual({ pending: 2, decided: 3, medianMinutesToDecide: 30 });
    });

    it('gives the mean of the middle two for an even count, to a tenth of a minute, and null when nothing was decided', () => {
      const settled = [1, 2, 4, 9].map((minutes) =>
        anApproval({ status: 'approved', openedMinutesAgo: 10 + minutes, decidedMinutesAgo: 10 }),
      );
      settled.push(anApproval({ status: 'rejected', openedMinutesAgo: 30.25, decidedMinutesAgo: 30 }));
      // 0.25, 1, 2, 4, 9 → 2; without the 9: 0.25, 1, 2, 4 → 1.5
      expect(approvalFiguresOf({ ...window, pending: [], settled }).medianMinutesToDecide).toBe(2);
      expect(approvalFiguresOf({ ...window, pending: [], settled: settled.slice(0, 3).concat(settled[4]!) }).medianMinutesToDecide).toBe(
        1.5,
      );
      const odd = [anApproval({ status: 'approved', openedMinutesAgo: 10.33, decidedMinutesAgo: 10 })];
      expect(approvalFiguresOf({ ...window, pending: [], settled: odd }).medianMinutesToDecide).toBe(0.3);
      expect(approvalFiguresOf({ ...window, pending: [], settled: [] })).toEqual({ pending: 0, decided: 0, medianMinutesToDecide: null });
      expect(approvalFiguresOf({ ...window, pending: [], settled: [], capped: true })).toMatchObject({ capped: true });
    });

    it("reads pending approvals and those opened since 30 days before the window, bounded, and keeps only the filter's", async () => {
      const { report, reads } = reportOver({
        approvals: [
          anApproval({ status: 'pending', openedMinutesAgo: 5, team: 'ops', agentId: 'agt_a' }),
          anApproval({ status: 'pending', openedMinutesAgo: 6, team: 'research', agentId: 'agt_r' }),
          anApproval({ status: 'approved', openedMinutesAgo: 20, decidedMinutesAgo: 10, team: 'ops', agentId: 'agt_b' }),
          anApproval({ status: 'rejected', openedMinutesAgo: 40, decidedMinutesAgo: 10, team: 'research', agentId: 'agt_r' }),
        ],
      });
      expect((await report.metrics(admin, TENANT, query())).approvals).toEqual({ pending: 2, decided: 2, medianMinutesToDecide: 20 });
      const since = firstIdAt('apr', NOW_MS - 24 * 60 * MINUTE - 30 * 24 * 60 * MINUTE);
      expect(reads.approvals).toEqual([
        { status: 'pending', limit: MAX_APPROVALS_READ },
        { status: 'approved', limit: MAX_APPROVALS_READ, since },
        { status: 'rejected', limit: MAX_APPROVALS_READ, since },
      ]);
      expect((await report.metrics(lead, TENANT, query({ team: 'ops' }))).approvals).toEqual({
        pending: 1,
        decided: 1,
        medianMinutesToDecide: 10,
      });
      expect((await report.metrics(admin, TENANT, query({ agentId: 'agt_r' }))).approvals).toEqual({
        pending: 1,
        decided: 1,
        medianMinutesToDecide: 30,
      });
      expect((await report.metrics(lead, TENANT, query({ team: 'ops', agentId: 'agt_r' }))).approvals).toEqual({
        pending: 0,
        decided: 0,
        medianMinutesToDecide: null,
      });
    });

    it('says the counts are lower bounds when a read reached its limit', async () => {
      const { report } = reportOver({ approvals: [anApproval({ status: 'pending', openedMinutesAgo: 5 })], more: true });
      expect((await report.metrics(admin, TENANT, query())).approvals).toEqual({
        pending: 1,
        decided: 0,
        medianMinutesToDecide: null,
        capped: true,
      });
    });
  });

  describe('quota', () => {
    const day = { tenant: `tenant:${TENANT}#2026-12-06`, month: `tenant:${TENANT}#2026-12` };

    it('shows the units used of the limit with the ratio to four places, and leaves the field out without a quota', () => {
      const figure = quotaFigureOf([
        {
          quota: { scope: 'tenant', subject: TENANT, period: 'day', periodKey: '2026-12-06', limit: 3, endsAtMs: 0 },
          used: 1,
        },
      ]);
      expect(figure).toEqual({ period: 'day', used: 1, limit: 3, ratio: 0.3333 });
      expect(quotaFigureOf([])).toBeUndefined();
    });

    it("reads the tenant's counter for the current period, the quota nearest its limit when there are two", async () => {
      const { report } = reportOver({
        tenantQuotas: { decisionsPerDay: 1000, decisionsPerMonth: 3000 },
        used: { [day.tenant]: 200, [day.month]: 2000 },
      });
      expect((await report.metrics(admin, TENANT, query())).quota).toEqual({ period: 'month', used: 2000, limit: 3000, ratio: 0.6667 });
      const { report: none } = reportOver();
      expect(await none.metrics(admin, TENANT, query())).not.toHaveProperty('quota');
    });

    it("shows a team's quota under its filter, never the tenant's, and none for a team without one", async () => {
      const { report } = reportOver({
        tenantQuotas: { decisionsPerDay: 1000 },
        teams: [aTeam('ops', { decisionsPerDay: 50 }), aTeam('research', {})],
        used: { 'team:ops#2026-12-06': 5 },
      });
      expect((await report.metrics(lead, TENANT, query({ team: 'ops' }))).quota).toEqual({ period: 'day', used: 5, limit: 50, ratio: 0.1 });
      expect(await report.metrics(admin, TENANT, query({ team: 'research' }))).not.toHaveProperty('quota');
    });

    it("shows an agent's own quota over its role's, and nothing of an agent outside the team asked for", async () => {
      const agent = anAgent(TENANT, { team: 'research', role: 'bot', quotas: { decisionsPerDay: 10 } });
      const { report } = reportOver({
        agents: [agent],
        roles: [aRole('bot', { decisionsPerDay: 99, decisionsPerMonth: 400 })],
        used: { [`agent:${agent.id}#2026-12-06`]: 4, [`agent:${agent.id}#2026-12`]: 40 },
      });
      expect((await report.metrics(admin, TENANT, query({ agentId: agent.id }))).quota).toEqual({
        period: 'day',
        used: 4,
        limit: 10,
        ratio: 0.4,
      });
      expect(await report.metrics(lead, TENANT, query({ team: 'ops', agentId: agent.id }))).not.toHaveProperty('quota');
    });
  });
});
