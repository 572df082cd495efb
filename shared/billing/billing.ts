/**
 * Billing for finance: price plans, FOCUS exports of a tenant or of all tenants, closing a month
 * (its inputs frozen in object storage, so its export never changes), late usage of a closed month
 * billed as corrections in the next, and reconciliation against the audit log.
 * See docs/decisions/billing.md.
 */
import pLimit from 'p-limit';
import * as z from 'zod';
import { checkPermission } from '../auth/permissions';
import type { OperatorPrincipal } from '../auth/principal';
import { type Clock, isoAt } from '../kernel/clock';
import { ConflictError, NotFoundError } from '../kernel/errors';
import type { IdGenerator } from '../kernel/ids';
import type { ApiPage, PageRequest } from '../kernel/page';
import type { PageCursorCodec } from '../kernel/page-cursor';
import { paginate } from '../kernel/paginate';
import { PeriodSchema } from '../kernel/schemas';
import type { Tenant } from '../tenancy/tenant';
import type { BillingFacts, BillingStore, ObjectStore } from './billing-ports';
import {
  type ApprovalRow,
  billingLines,
  type Correction,
  type Granularity,
  monthBounds,
  previousPeriod,
  type TenantMonth,
  type UsageRow,
} from './charges';
import { DEFAULT_FOCUS_VERSION, FOCUS_VERSIONS, type FocusLine, type FocusVersion, toCsv, toJson } from './focus';
import { type PricePlan, type PricePlanInput, UNPRICED } from './price-plan';

/** `GET .../billing/export` and `/v1/billing/exports` query. */
export const ExportQuerySchema = z
  .object({
    period: PeriodSchema,
    format: z.enum(['csv', 'json']).default('csv'),
    granularity: z.enum(['tenant', 'agent']).default('tenant'),
    focusVersion: z.enum(FOCUS_VERSIONS).default(DEFAULT_FOCUS_VERSION),
  })
  .strict();
/** An export query; without `focusVersion`, the export is in the default version (1.3). */
export type ExportQuery = Omit<z.infer<typeof ExportQuerySchema>, 'focusVersion'> & { readonly focusVersion?: FocusVersion };

export const ReconcileQuerySchema = z.object({ period: PeriodSchema }).strict();

/** An export: inline when small, otherwise a time-limited download link to object storage. */
export type ExportResult =
  | { readonly kind: 'inline'; readonly contentType: string; readonly body: string }
  | { readonly kind: 'download'; readonly download: { url: string; expiresAt: string; bytes: number; lines: number; format: string } };

export interface BillingDeps {
  readonly store: BillingStore;
  readonly facts: BillingFacts;
  readonly objects: ObjectStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Exports larger than this go to object storage (a Lambda response holds at most 6 MB). */
  readonly inlineLimitBytes: number;
  /** How long a download link works. */
  readonly downloadSeconds: number;
  /** Signs the cursors of the price plan history. */
  readonly cursors: PageCursorCodec;
}

/** What a closed month froze for one tenant: everything its lines are computed from. */
interface FrozenMonth extends TenantMonth {
  readonly period: string;
  readonly closedAt: string;
}

const frozenKey = (period: string, tenantId: string) => `periods/${period}/${tenantId}.json`;

/** Rows by (day, agent); the facts come one row per agent and day. */
function keyed<R extends { day: string; agentId: string }>(rows: readonly R[]): Map<string, R> {
  return new Map(rows.map((row) => [`${row.day}#${row.agentId}`, row]));
}

/** What the live rows hold beyond the frozen ones (late usage), by (day, agent). */
function lateRows<R extends UsageRow | ApprovalRow>(
  live: readonly R[],
  frozen: readonly R[],
  amount: (row: R) => number,
  withAmount: (row: R, value: number) => R,
): R[] {
  const before = keyed(frozen);
  return live.flatMap((row) => {
    const extra = amount(row) - (before.has(`${row.day}#${row.agentId}`) ? amount(before.get(`${row.day}#${row.agentId}`)!) : 0);
    return extra > 0 ? [withAmount(row, extra)] : [];
  });
}

/**
 * Tenants the platform export and the close work on at once: a run over many tenants takes a
 * fraction of the time one after another would, without flooding the tables.
 */
const TENANTS_AT_ONCE = 8;

/** `work` for every tenant, at most TENANTS_AT_ONCE at a time; results in the tenants' order. */
function forEachTenant<T>(tenants: readonly Tenant[], work: (tenant: Tenant) => Promise<T>): Promise<T[]> {
  const limit = pLimit(TENANTS_AT_ONCE);
  return Promise.all(tenants.map((tenant) => limit(() => work(tenant))));
}

export function createBilling(deps: BillingDeps) {
  const { store, facts, objects, clock } = deps;

  async function planFor(tier: string): Promise<PricePlan> {
    return (await store.getPricePlan(tier)) ?? UNPRICED(tier);
  }

  async function frozen(period: string, tenantId: string): Promise<FrozenMonth | undefined> {
    const text = await objects.get(frozenKey(period, tenantId));
    return text === undefined ? undefined : (JSON.parse(text) as FrozenMonth);
  }

  /** The month as it stands: live usage, the tier's plan, and late usage of the previous month if that one is closed. */
  async function liveMonth(tenant: Tenant, period: string): Promise<TenantMonth> {
    const [plan, usage, approvals] = await Promise.all([
      planFor(tenant.tier),
      facts.usage(tenant.id, period),
      facts.approvals(tenant.id, period),
    ]);
    const correction = await correctionOf(tenant, previousPeriod(period));
    return { tenant: { id: tenant.id, name: tenant.name }, plan, usage, approvals, ...(correction ? { correction } : {}) };
  }

  /** Late usage of a closed month: its live facts beyond what the close froze. */
  async function correctionOf(tenant: Tenant, period: string): Promise<Correction | undefined> {
    if (!(await store.getClosedPeriod(period))) return undefined;
    const [before, usage, approvals] = await Promise.all([
      frozen(period, tenant.id),
      facts.usage(tenant.id, period),
      facts.approvals(tenant.id, period),
    ]);
    const frozenUsage = before?.usage ?? [];
    const activeBefore = new Set(frozenUsage.filter((row) => row.decisions > 0).map((row) => row.agentId));
    const newlyActive = new Map(
      usage
        .filter((row) => row.decisions > 0 && !activeBefore.has(row.agentId))
        .map((row) => [row.agentId, { agentId: row.agentId, team: row.team, environment: row.environment }]),
    );
    return {
      period,
      plan: before?.plan ?? (await planFor(tenant.tier)),
      usage: lateRows(
        usage,
        frozenUsage,
        (row) => row.decisions,
        (row, decisions) => ({ ...row, decisions }),
      ),
      approvals: lateRows(
        approvals,
        before?.approvals ?? [],
        (row) => row.approvals,
        (row, count) => ({ ...row, approvals: count }),
      ),
      newActiveAgents: [...newlyActive.values()],
    };
  }

  /** A tenant's lines for a period: frozen when the period is closed, live otherwise. */
  async function tenantLines(tenant: Tenant, period: string, granularity: Granularity): Promise<FocusLine[]> {
    const closed = await store.getClosedPeriod(period);
    const month = closed ? await frozen(period, tenant.id) : await liveMonth(tenant, period);
    if (!month) return []; // onboarded after the close: nothing was billed in that month
    return billingLines({ period, month, granularity, ...(closed ? { invoiceId: `WDN-${period}-${tenant.id}` } : {}) });
  }

  /** Renders lines in the query's FOCUS version, inline or through object storage when too large for a response. */
  async function deliver(lines: FocusLine[], query: ExportQuery, scope: string): Promise<ExportResult> {
    const version = query.focusVersion ?? DEFAULT_FOCUS_VERSION;
    let body: string;
    if (query.format === 'csv') body = toCsv(lines, version);
    else {
      const closed = await store.getClosedPeriod(query.period);
      body = toJson(lines, version, {
        instance: `${scope}/${query.granularity}`,
        billingPeriodStart: monthBounds(query.period).start,
        lastUpdated: closed ? closed.closedAt : isoAt(clock.nowMs()),
        complete: closed !== undefined,
      });
    }
    const contentType = query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json';
    const bytes = Buffer.byteLength(body);
    if (bytes <= deps.inlineLimitBytes) return { kind: 'inline', contentType, body };
    const key = `exports/${scope}/${query.period}/${query.granularity}-focus${version}-${deps.ids.next('exp')}.${query.format}`;
    await objects.put(key, body, contentType);
    return {
      kind: 'download',
      download: {
        url: await objects.downloadUrl(key, deps.downloadSeconds),
        expiresAt: isoAt(clock.nowMs() + deps.downloadSeconds * 1000),
        bytes,
        lines: lines.length,
        format: query.format,
      },
    };
  }

  async function tenantOf(tenantId: string): Promise<Tenant> {
    const tenant = await facts.getTenant(tenantId);
    if (!tenant) throw new NotFoundError('Tenant', tenantId);
    return tenant;
  }

  return {
    async getPricePlan(principal: OperatorPrincipal, tier: string): Promise<PricePlan> {
      checkPermission(principal, 'price-plan:read');
      const plan = await store.getPricePlan(tier);
      if (!plan) throw new NotFoundError('Price plan', tier);
      return plan;
    },

    async putPricePlan(principal: OperatorPrincipal, tier: string, input: PricePlanInput): Promise<PricePlan> {
      checkPermission(principal, 'price-plan:write');
      const current = await store.getPricePlan(tier);
      const plan: PricePlan = {
        ...input,
        tier,
        version: (current?.version ?? 0) + 1,
        updatedAt: isoAt(clock.nowMs()),
        updatedBy: principal.sub,
      };
      await store.putPricePlan(plan, current?.version);
      return plan;
    },

    /** Every version a tier's plan has had, newest first: who set which prices when (platform finance's audit). */
    async listPricePlanVersions(principal: OperatorPrincipal, tier: string, request: PageRequest): Promise<ApiPage<PricePlan>> {
      checkPermission(principal, 'price-plan:read');
      return paginate({
        cursors: deps.cursors,
        binding: { tenantId: '*platform*', query: 'price-plan-versions', filters: { tier } },
        request,
        positionOf: (plan) => String(plan.version),
        fetch: (page) => store.listPricePlanVersions(tier, page),
      });
    },

    /** One tenant's FOCUS lines for a month (tenant finance and admins). */
    async tenantExport(principal: OperatorPrincipal, tenantId: string, query: ExportQuery): Promise<ExportResult> {
      checkPermission(principal, 'billing:export', { tenantId });
      return deliver(await tenantLines(await tenantOf(tenantId), query.period, query.granularity), query, tenantId);
    },

    /** Every tenant's FOCUS lines for a month (platform finance and admins). */
    async platformExport(principal: OperatorPrincipal, query: ExportQuery): Promise<ExportResult> {
      checkPermission(principal, 'billing:platform-export');
      const tenants = (await facts.listTenants()).sort((a, b) => (a.id < b.id ? -1 : 1));
      const lines = (await forEachTenant(tenants, (tenant) => tenantLines(tenant, query.period, query.granularity))).flat();
      return deliver(lines, query, 'all');
    },

    /**
     * Freezes a month that is over: for every tenant, what its lines are computed from goes to
     * object storage; from then on its exports never change, and later usage of the month is
     * billed in the next one as corrections.
     */
    async closePeriod(principal: OperatorPrincipal, period: string) {
      checkPermission(principal, 'billing:close');
      if (Date.parse(monthBounds(period).end) > clock.nowMs()) throw new ConflictError(`${period} is not over yet`, 'period_not_over');
      if (await store.getClosedPeriod(period)) throw new ConflictError(`${period} is already closed`, 'period_closed');
      const closedAt = isoAt(clock.nowMs());
      const tenants = await facts.listTenants();
      await forEachTenant(tenants, async (tenant) => {
        const month: FrozenMonth = { ...(await liveMonth(tenant, period)), period, closedAt };
        await objects.put(frozenKey(period, tenant.id), JSON.stringify(month), 'application/json');
      });
      const closed = { period, closedAt, closedBy: principal.sub, tenants: tenants.length };
      await store.markClosed(closed);
      return closed;
    },

    /** Billed decisions (the period's lines plus its corrections in the next) against audited decisions. */
    async reconcile(principal: OperatorPrincipal, tenantId: string, period: string) {
      checkPermission(principal, 'billing:reconcile', { tenantId });
      const tenant = await tenantOf(tenantId);
      const decisionsOf = (lines: readonly FocusLine[], corrected: boolean) =>
        lines
          .filter(
            (line) =>
              line.x_ChargeKind === 'decisions' && line.ChargeCategory === 'Usage' && (line.ChargeClass === 'Correction') === corrected,
          )
          .reduce((sum, line) => sum + Number(line.ConsumedQuantity), 0);
      const [inPeriod, audited, correction, closed] = await Promise.all([
        tenantLines(tenant, period, 'tenant'),
        facts.auditedDecisions(tenantId, period),
        correctionOf(tenant, period),
        store.getClosedPeriod(period),
      ]);
      const billedInPeriod = decisionsOf(inPeriod, false);
      const billedAsCorrections = correction ? correction.usage.reduce((sum, row) => sum + row.decisions, 0) : 0;
      const billedDecisions = billedInPeriod + billedAsCorrections;
      return {
        tenantId,
        period,
        closed: closed !== undefined,
        auditedDecisions: audited,
        billedDecisions,
        billedInPeriod,
        billedAsCorrections,
        difference: billedDecisions - audited,
      };
    },
  };
}

export type Billing = ReturnType<typeof createBilling>;
