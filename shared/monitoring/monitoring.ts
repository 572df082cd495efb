/**
 * The monitoring routes' use cases: a tenant's detector settings (`GET/PUT .../monitoring`) and
 * its anomalies (`GET .../anomalies`). Team leads see the anomalies of their teams' agents only.
 */
import * as z from 'zod';
import type { ChangeRecord } from '../audit/change-record';
import { checkPermission, isTeamScopedOnly } from '../auth/permissions';
import type { OperatorPrincipal } from '../auth/principal';
import { type Clock, isoAt } from '../kernel/clock';
import type { IdGenerator } from '../kernel/ids';
import { paginate } from '../kernel/paginate';
import type { PageCursorCodec } from '../kernel/page-cursor';
import { AgentIdSchema, PageQuerySchema, TimestampSchema } from '../kernel/schemas';
import { domainEvent } from '../events/catalog';
import type { Anomaly } from './anomaly';
import { ANOMALY_KINDS } from './detectors';
import { DEFAULT_MONITORING_SETTINGS, type MonitoringSettings } from './monitoring-settings';
import type { MonitoringStore } from './monitoring-store';

export const AnomalyQuerySchema = PageQuerySchema.extend({
  /** From this time on (default: the last 7 days). */
  since: TimestampSchema.optional(),
  agentId: AgentIdSchema.optional(),
  kind: z.enum(ANOMALY_KINDS).optional(),
}).strict();
export type AnomalyQuery = z.infer<typeof AnomalyQuerySchema>;

const DEFAULT_SINCE_MS = 7 * 86_400_000;

/** The anomaly as the API shows it. */
const viewOf = ({ position: _position, ...anomaly }: Anomaly & { position: string }): Anomaly => anomaly;

export function createMonitoring(deps: { store: MonitoringStore; clock: Clock; ids: IdGenerator; cursors: PageCursorCodec }) {
  const { store, clock } = deps;
  return {
    async settings(principal: OperatorPrincipal, tenantId: string): Promise<MonitoringSettings> {
      checkPermission(principal, 'monitoring:read', { tenantId });
      return (await store.getSettings(tenantId)) ?? DEFAULT_MONITORING_SETTINGS;
    },

    async putSettings(principal: OperatorPrincipal, tenantId: string, settings: MonitoringSettings): Promise<MonitoringSettings> {
      checkPermission(principal, 'monitoring:write', { tenantId });
      const before = (await store.getSettings(tenantId)) ?? DEFAULT_MONITORING_SETTINGS;
      const change: ChangeRecord = {
        kind: 'change',
        id: deps.ids.next('aud'),
        tenantId,
        at: isoAt(clock.nowMs()),
        actor: { type: 'operator', sub: principal.sub },
        action: 'monitoring.updated',
        target: { type: 'tenant', id: tenantId },
        before,
        after: settings,
        event: domainEvent('Monitoring.Updated', { tenantId, actor: principal.sub }),
      };
      await store.putSettings(tenantId, settings, change);
      return settings;
    },

    async anomalies(principal: OperatorPrincipal, tenantId: string, query: AnomalyQuery) {
      checkPermission(principal, 'monitoring:read', { tenantId });
      // Team leads (without a tenant-wide reading role) see their teams' agents' anomalies only.
      const tenantWide = !isTeamScopedOnly(principal, 'monitoring:read');
      const since = (query.since ?? isoAt(clock.nowMs() - DEFAULT_SINCE_MS)).slice(0, 16);
      const page = await paginate<Anomaly & { position: string }>({
        cursors: deps.cursors,
        binding: { tenantId, query: 'anomalies', filters: { since, agentId: query.agentId ?? '', kind: query.kind ?? '' } },
        request: { limit: query.limit, cursor: query.cursor },
        positionOf: (anomaly) => anomaly.position,
        fetch: (storePage) => store.listAnomalies(tenantId, since, storePage),
        filter: (anomaly) =>
          (query.agentId === undefined || anomaly.agentId === query.agentId) &&
          (query.kind === undefined || anomaly.kind === query.kind) &&
          (tenantWide || principal.teams.includes(anomaly.team)),
      });
      return { items: page.items.map(viewOf), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
    },
  };
}
