/**
 * The maturity use cases: a tenant's assessment now (with its weekly history when asked), the
 * executive report, the platform's view of every tenant's latest level, and the weekly snapshot
 * sweep the `maturity-snapshot` schedule runs.
 */
import * as z from 'zod';
import { checkPermission } from '../auth/permissions';
import type { OperatorPrincipal } from '../auth/principal';
import { type Clock, isoAt } from '../kernel/clock';
import type { ApiPage, PageRequest } from '../kernel/page';
import type { PageCursorCodec } from '../kernel/page-cursor';
import { paginate } from '../kernel/paginate';
import { PageQuerySchema } from '../kernel/schemas';
import { gatherFacts, type MaturitySources } from './gather-facts';
import { type Assessment, assess } from './maturity-model';
import { renderReport, type ReportFormat } from './maturity-report';
import type { MaturitySnapshot, MaturityStore } from './maturity-store';

/** Weeks of history an assessment or report shows at most (a year). */
export const MAX_HISTORY_WEEKS = 52;

/** `GET /v1/tenants/{t}/maturity` query. */
export const MaturityQuerySchema = z.object({ history: z.stringbool().default(false) }).strict();
export type MaturityQuery = z.infer<typeof MaturityQuerySchema>;

/** `GET /v1/tenants/{t}/maturity/report` query. */
export const MaturityReportQuerySchema = z.object({ format: z.enum(['html', 'markdown']).default('html') }).strict();

/** `GET /v1/maturity` query. */
export const PlatformMaturityQuerySchema = PageQuerySchema;

/** The Monday (UTC) of the week holding `ms`, as `YYYY-MM-DD`. */
export function weekOf(ms: number): string {
  const date = new Date(ms);
  const sinceMonday = (date.getUTCDay() + 6) % 7;
  return isoAt(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - sinceMonday)).slice(0, 10);
}

/** The snapshot that keeps an assessment. */
export const snapshotOf = (tenantId: string, assessment: Assessment): MaturitySnapshot => ({
  tenantId,
  week: weekOf(Date.parse(assessment.assessedAt)),
  at: assessment.assessedAt,
  level: assessment.level,
  name: assessment.name,
  score: assessment.score,
  met: assessment.criteria.filter((criterion) => criterion.met).map((criterion) => criterion.id),
});

/** A point of the history series. */
const historyPoint = (snapshot: MaturitySnapshot) => ({
  week: snapshot.week,
  at: snapshot.at,
  level: snapshot.level,
  name: snapshot.name,
  score: snapshot.score,
});

export interface MaturityDeps {
  readonly sources: MaturitySources;
  readonly store: MaturityStore;
  readonly cursors: PageCursorCodec;
  readonly clock: Clock;
}

export function createMaturity(deps: MaturityDeps) {
  const { sources, store } = deps;

  async function history(tenantId: string) {
    return (await store.listSnapshots(tenantId, MAX_HISTORY_WEEKS)).map(historyPoint).reverse();
  }

  return {
    /** The tenant's assessment now; with `history`, its weekly snapshots, oldest first. */
    async assessTenant(principal: OperatorPrincipal, tenantId: string, query: MaturityQuery) {
      checkPermission(principal, 'maturity:read', { tenantId });
      const assessment = assess(await gatherFacts(sources, tenantId));
      return query.history ? { ...assessment, history: await history(tenantId) } : assessment;
    },

    /** The one-page report of the tenant's assessment and history. */
    async report(principal: OperatorPrincipal, tenantId: string, format: ReportFormat) {
      checkPermission(principal, 'maturity:read', { tenantId });
      const [facts, series] = await Promise.all([gatherFacts(sources, tenantId), history(tenantId)]);
      return renderReport({ tenant: { id: tenantId, name: facts.tenantName }, assessment: assess(facts), history: series }, format);
    },

    /** Every tenant's latest weekly level, in tenant id order. */
    async platform(
      principal: OperatorPrincipal,
      request: PageRequest,
    ): Promise<ApiPage<ReturnType<typeof historyPoint> & { tenantId: string }>> {
      checkPermission(principal, 'maturity:platform-read');
      const page = await paginate<MaturitySnapshot>({
        cursors: deps.cursors,
        binding: { tenantId: '*platform*', query: 'maturity' },
        request,
        positionOf: (snapshot) => snapshot.tenantId,
        fetch: (at) => store.listLatest(at),
      });
      return {
        items: page.items.map((snapshot) => ({ tenantId: snapshot.tenantId, ...historyPoint(snapshot) })),
        ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
      };
    },

    /** Assesses one tenant now and keeps it as the week's snapshot (the schedule's work for one tenant). */
    async snapshot(tenantId: string): Promise<MaturitySnapshot> {
      const snapshot = snapshotOf(tenantId, assess(await gatherFacts(sources, tenantId)));
      await store.saveSnapshot(snapshot);
      return snapshot;
    },
  };
}

export type Maturity = ReturnType<typeof createMaturity>;
