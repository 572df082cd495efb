/** Incidents: the list by status, and an incident's timeline with acknowledge and resolve (with a note). */
import { useState } from 'react';
import { api, read } from '../api/client';
import type { Incident, Page } from '../api/types';
import { can } from '../auth/abilities';
import type { Session } from '../auth/session';
import { DataTable } from '../components/data-table';
import { Choice, ErrorNote, Link, Loading, Pager, when } from '../components/parts';
import { useApi } from '../components/use-api';
import { useFilteredPages } from '../components/use-filtered-pages';

type Status = 'open' | 'acknowledged' | 'resolved';
const STATUSES: readonly Status[] = ['open', 'acknowledged', 'resolved'];

export function IncidentList({ tenantId }: { tenantId: string }) {
  const pages = useFilteredPages<Status>('open');
  const { filter: status, cursor } = pages;
  const incidents = useApi(
    () =>
      read<Page<Incident>>(
        api.GET('/v1/tenants/{tenantId}/incidents', {
          params: { path: { tenantId }, query: { status, limit: 25, ...pages.cursorQuery } },
        }),
      ),
    [tenantId, status, cursor],
  );
  return (
    <section aria-labelledby="incidents-title">
      <header className="view-header">
        <h1 id="incidents-title">Incidents</h1>
        <Choice label="Status" value={status} options={STATUSES} onChange={pages.choose} />
      </header>
      <ErrorNote error={incidents.error} />
      <Loading when={incidents.loading && !incidents.value} />
      <DataTable
        rows={incidents.value?.items}
        keyOf={(incident) => incident.id}
        columns={[
          { label: 'Incident', cell: (incident) => <Link to={`/incidents/${incident.id}`}>{incident.title}</Link> },
          { label: 'Severity', cell: (incident) => incident.severity },
          { label: 'Agent', cell: (incident) => incident.agentId },
          { label: 'Team', cell: (incident) => incident.team },
          { label: 'Opened', cell: (incident) => when(incident.openedAt) },
        ]}
      />
      {incidents.value?.items.length === 0 ? <p className="muted">No {status} incident.</p> : null}
      <Pager
        {...(incidents.value?.nextCursor ? { nextCursor: incidents.value.nextCursor } : {})}
        {...pages.cursorQuery}
        onPage={pages.setCursor}
      />
    </section>
  );
}

interface IncidentWithTimeline extends Incident {
  readonly timeline: { at: string; type: string; by?: string; note?: string; [field: string]: unknown }[];
}

export function IncidentPage({ session, tenantId, incidentId }: { session: Session; tenantId: string; incidentId: string }) {
  const path = { tenantId, incidentId };
  const incident = useApi(
    () => read<IncidentWithTimeline>(api.GET('/v1/tenants/{tenantId}/incidents/{incidentId}', { params: { path } })),
    [tenantId, incidentId],
  );
  const [note, setNote] = useState('');
  const [error, setError] = useState<Error>();
  const act = (verdict: 'acknowledge' | 'resolve') => {
    setError(undefined);
    const body = { note: note.trim() || `${verdict}d from the console` };
    const call =
      verdict === 'acknowledge'
        ? api.POST('/v1/tenants/{tenantId}/incidents/{incidentId}/acknowledge', { params: { path }, body })
        : api.POST('/v1/tenants/{tenantId}/incidents/{incidentId}/resolve', { params: { path }, body });
    read(call).then(incident.reload, (caught: unknown) => setError(caught as Error));
  };
  const value = incident.value;
  return (
    <section aria-labelledby="incident-title">
      <header className="view-header">
        <h1 id="incident-title">{value?.title ?? 'Incident'}</h1>
        <Link to="/incidents">All incidents</Link>
      </header>
      <ErrorNote error={incident.error} />
      <Loading when={incident.loading && !value} />
      {value ? (
        <>
          <p>
            {value.severity} · {value.status} · agent {value.agentId} of team {value.team} · opened {when(value.openedAt)}
          </p>
          {can(session, 'incidents:write') && value.status !== 'resolved' ? (
            <div className="decide">
              <label>
                Note <input value={note} onChange={(event) => setNote(event.target.value)} maxLength={1000} />
              </label>
              {value.status === 'open' ? (
                <button type="button" onClick={() => act('acknowledge')}>
                  Acknowledge
                </button>
              ) : null}
              <button type="button" onClick={() => act('resolve')}>
                Resolve
              </button>
            </div>
          ) : null}
          <ErrorNote error={error} />
          <h2>Timeline</h2>
          <ol>
            {value.timeline.map((entry, index) => (
              <li key={index}>
                {when(entry.at)} — {entry.type}
                {entry.by ? ` by ${entry.by}` : ''}
                {entry.note ? `: ${entry.note}` : ''}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}
