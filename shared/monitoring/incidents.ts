/**
 * The incident routes' use cases: list (by status), read one with its timeline, acknowledge and
 * resolve (with a note). Team leads see their teams' agents' incidents only.
 */
import * as z from 'zod';
import { checkPermission, isTeamScopedOnly } from '../auth/permissions';
import type { OperatorPrincipal } from '../auth/principal';
import { type Clock, isoAt } from '../kernel/clock';
import { ConflictError, NotFoundError } from '../kernel/errors';
import type { IdGenerator } from '../kernel/ids';
import { paginate } from '../kernel/paginate';
import type { PageCursorCodec } from '../kernel/page-cursor';
import { DisplayTextSchema, PageQuerySchema } from '../kernel/schemas';
import { type Incident, incidentChange, moved, openedByRemediation, type RemediationNote, withRemediation } from './incident';
import type { MonitoringStore } from './monitoring-store';

export const IncidentQuerySchema = PageQuerySchema.extend({ status: z.enum(['open', 'acknowledged', 'resolved']).optional() }).strict();
export type IncidentQuery = z.infer<typeof IncidentQuerySchema>;

export const IncidentNoteSchema = z.object({ note: DisplayTextSchema(2000).optional() }).strict();
export type IncidentNote = z.infer<typeof IncidentNoteSchema>;

/** The list shows incidents without their timelines. */
const summaryOf = ({ timeline: _timeline, lastAnomalyAt: _last, version: _version, ...incident }: Incident) => incident;
const viewOf = ({ lastAnomalyAt: _last, version: _version, ...incident }: Incident) => incident;

export function createIncidents(deps: { store: MonitoringStore; clock: Clock; ids: IdGenerator; cursors: PageCursorCodec }) {
  const { store } = deps;

  async function visible(principal: OperatorPrincipal, tenantId: string, incidentId: string): Promise<Incident> {
    checkPermission(principal, 'incident:read', { tenantId });
    const incident = await store.getIncident(tenantId, incidentId);
    if (!incident) throw new NotFoundError('Incident', incidentId);
    checkPermission(principal, 'incident:read', { tenantId, teams: [incident.team] });
    return incident;
  }

  async function move(
    principal: OperatorPrincipal,
    tenantId: string,
    incidentId: string,
    to: 'acknowledged' | 'resolved',
    body: IncidentNote,
  ) {
    checkPermission(principal, 'incident:write', { tenantId });
    const incident = await visible(principal, tenantId, incidentId);
    const next = moved(incident, to, principal.sub, isoAt(deps.clock.nowMs()), body.note);
    await store.saveIncident(
      next,
      incident.version,
      incidentChange(next, incident, { id: deps.ids.next('aud'), actor: { type: 'operator', sub: principal.sub } }),
    );
    return viewOf(next);
  }

  /**
   * Records a remediation run on its agent's unresolved incident, or opens one for it; returns the
   * incident's id. A run recorded before is not recorded again.
   */
  async function recordRemediation(note: RemediationNote): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      const found = await store.openIncidentOf(note.tenantId, note.agentId);
      const open = found && found.status !== 'resolved' ? found : undefined;
      const next = open ? withRemediation(open, note) : openedByRemediation(note, deps.ids.next('inc'));
      if (next === open) return open.id;
      const actor = { type: 'system', name: note.actor.replace(/^system:/, '') } as const;
      try {
        await store.saveIncident(next, open?.version, incidentChange(next, open, { id: deps.ids.next('aud'), actor }));
        return next.id;
      } catch (error) {
        // Another writer (the detectors) moved the incident meanwhile: read it again, a few times.
        if (!(error instanceof ConflictError) || attempt >= 4) throw error;
      }
    }
  }

  return {
    async list(principal: OperatorPrincipal, tenantId: string, query: IncidentQuery) {
      checkPermission(principal, 'incident:read', { tenantId });
      const teamOnly = isTeamScopedOnly(principal, 'incident:read');
      const page = await paginate<Incident>({
        cursors: deps.cursors,
        binding: { tenantId, query: 'incidents', filters: { status: query.status ?? '' } },
        request: { limit: query.limit, cursor: query.cursor },
        positionOf: (incident) => incident.id,
        fetch: (storePage) => store.listIncidents(tenantId, storePage),
        filter: (incident) =>
          (query.status === undefined || incident.status === query.status) && (!teamOnly || principal.teams.includes(incident.team)),
      });
      return { items: page.items.map(summaryOf), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
    },

    get: async (principal: OperatorPrincipal, tenantId: string, incidentId: string) =>
      viewOf(await visible(principal, tenantId, incidentId)),
    acknowledge: (principal: OperatorPrincipal, tenantId: string, incidentId: string, body: IncidentNote) =>
      move(principal, tenantId, incidentId, 'acknowledged', body),
    recordRemediation,
    resolve: (principal: OperatorPrincipal, tenantId: string, incidentId: string, body: IncidentNote) =>
      move(principal, tenantId, incidentId, 'resolved', body),
  };
}
