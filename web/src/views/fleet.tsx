/**
 * The fleet overview (the CISO's view): active agents, decisions, deny rate, latency, approvals
 * waiting, open incidents, recent anomalies and quota use for a window, with the decisions over
 * time. Team leads see one of their teams; platform admins see every tenant and the system.
 */
import { useMemo, useState } from 'react';
import { api, read } from '../api/client';
import type { Anomaly, Incident, Page, PlatformMetrics, TenantMetrics } from '../api/types';
import type { Session } from '../auth/session';
import { DataTable } from '../components/data-table';
import { Choice, count, ErrorNote, Figure, Link, Loading, percent, when } from '../components/parts';
import { TimeChart } from '../components/time-chart';
import { useApi } from '../components/use-api';

const WINDOWS = ['1h', '24h', '7d', '30d'] as const;
type Window = (typeof WINDOWS)[number];

function WindowPicker({ value, onChange }: { value: Window; onChange: (window: Window) => void }) {
  return <Choice label="Window" value={value} options={WINDOWS} onChange={onChange} />;
}

export function TenantFleet({ session, tenantId }: { session: Session; tenantId: string }) {
  const [window, setWindow] = useState<Window>('24h');
  const teamLead = !session.roles.some((role) => role === 'tenant-admin' || role === 'security' || role === 'auditor');
  const [team, setTeam] = useState(teamLead ? session.teams[0] : undefined);
  const query = { window, ...(team ? { team } : {}) };
  const metrics = useApi(
    () => read<TenantMetrics>(api.GET('/v1/tenants/{tenantId}/metrics', { params: { path: { tenantId }, query } })),
    [tenantId, window, team],
  );
  const incidents = useApi(
    () =>
      read<Page<Incident>>(
        api.GET('/v1/tenants/{tenantId}/incidents', { params: { path: { tenantId }, query: { status: 'open', limit: 10 } } }),
      ),
    [tenantId],
  );
  const anomalies = useApi(
    () => read<Page<Anomaly>>(api.GET('/v1/tenants/{tenantId}/anomalies', { params: { path: { tenantId }, query: { limit: 10 } } })),
    [tenantId],
  );
  const chart = useMemo(() => {
    const series = metrics.value?.series ?? [];
    const value = metrics.value;
    return {
      range: value ? ([Date.parse(value.from), Date.parse(value.to)] as const) : undefined,
      times: series.map((point) => Date.parse(point.at)),
      lines: [
        { label: 'decisions', values: series.map((point) => point.decisions), colour: '#2457a6' },
        { label: 'denied', values: series.map((point) => point.denied), colour: '#b3261e' },
      ],
    };
  }, [metrics.value]);
  const figures = metrics.value;

  return (
    <section aria-labelledby="fleet-title">
      <header className="view-header">
        <h1 id="fleet-title">Fleet of {tenantId}</h1>
        <div className="controls">
          {session.teams.length > 0 && teamLead ? <Choice label="Team" value={team} options={session.teams} onChange={setTeam} /> : null}
          <WindowPicker value={window} onChange={setWindow} />
        </div>
      </header>
      <ErrorNote error={metrics.error} />
      <Loading when={metrics.loading && !figures} />
      {figures ? (
        <>
          <div className="figures">
            <Figure label="Active agents" value={count(figures.activeAgents)} />
            <Figure label="Decisions" value={count(figures.decisions)} />
            <Figure label="Deny rate" value={percent(figures.denyRate)} hint={`${count(figures.denied)} denied`} />
            <Figure label="Latency p50 / p99" value={`${figures.latencyMs.p50 ?? '—'} / ${figures.latencyMs.p99 ?? '—'} ms`} />
            <Figure label="Approvals waiting" value={count(figures.approvals.pending)} />
            <Figure label="Open incidents" value={incidents.value ? count(incidents.value.items.length) : '—'} />
            <Figure
              label="Quota"
              value={figures.quota ? percent(figures.quota.ratio) : 'none set'}
              {...(figures.quota
                ? { hint: `${count(figures.quota.used)} of ${count(figures.quota.limit)} this ${figures.quota.period}` }
                : {})}
            />
          </div>
          <TimeChart
            title={`Decisions and denials, ${window}`}
            times={chart.times}
            series={chart.lines}
            empty="No decisions in this window."
            {...(chart.range ? { range: chart.range } : {})}
          />
          <div className="columns">
            <div>
              <h2>Most denied actions</h2>
              <DataTable
                rows={figures.topDenied}
                keyOf={(row) => `${row.action}/${row.tool ?? ''}`}
                columns={[
                  { label: 'Action', cell: (row) => (row.tool ? `${row.action} (${row.tool})` : row.action) },
                  { label: 'Denied', cell: (row) => count(row.count) },
                ]}
              />
            </div>
            <div>
              <h2>Busiest agents</h2>
              <DataTable
                rows={figures.topAgents}
                keyOf={(row) => row.agentId}
                columns={[
                  { label: 'Agent', cell: (row) => <Link to={`/agents/${row.agentId}`}>{row.agentId}</Link> },
                  { label: 'Decisions', cell: (row) => count(row.decisions) },
                  { label: 'Denied', cell: (row) => count(row.denied) },
                ]}
              />
            </div>
          </div>
        </>
      ) : null}
      <div className="columns">
        <div>
          <h2>Open incidents</h2>
          <ErrorNote error={incidents.error} />
          <ul className="plain">
            {incidents.value?.items.map((incident) => (
              <li key={incident.id}>
                <strong>{incident.severity}</strong> {incident.title} — {incident.agentId}, {when(incident.openedAt)}
              </li>
            ))}
            {incidents.value?.items.length === 0 ? <li className="muted">None open.</li> : null}
          </ul>
        </div>
        <div>
          <h2>Recent anomalies</h2>
          <ErrorNote error={anomalies.error} />
          <ul className="plain">
            {anomalies.value?.items.map((anomaly) => (
              <li key={anomaly.id}>
                {anomaly.kind} — {anomaly.agentId}: {anomaly.observed} against {anomaly.baseline}, {when(anomaly.detectedAt)}
              </li>
            ))}
            {anomalies.value?.items.length === 0 ? <li className="muted">None found.</li> : null}
          </ul>
        </div>
      </div>
    </section>
  );
}

export function PlatformFleet() {
  const [window, setWindow] = useState<Window>('24h');
  const [tenant, setTenant] = useState('');
  const metrics = useApi(() => read<PlatformMetrics>(api.GET('/v1/metrics', { params: { query: { window, limit: 100 } } })), [window]);
  const system = metrics.value?.system;
  const tenants = (metrics.value?.tenants ?? []).filter((row) => tenant === '' || row.tenantId === tenant);
  return (
    <section aria-labelledby="platform-title">
      <header className="view-header">
        <h1 id="platform-title">Platform</h1>
        <div className="controls">
          <label>
            Tenant{' '}
            <select aria-label="Tenant" value={tenant} onChange={(event) => setTenant(event.target.value)}>
              <option value="">All tenants</option>
              {metrics.value?.tenants.map((row) => (
                <option key={row.tenantId}>{row.tenantId}</option>
              ))}
            </select>
          </label>
          <WindowPicker value={window} onChange={setWindow} />
        </div>
      </header>
      <ErrorNote error={metrics.error} />
      <Loading when={metrics.loading && !system} />
      {system ? (
        <div className="figures">
          <Figure label="Stream lag" value={system.streamLagSeconds === null ? '—' : `${system.streamLagSeconds} s`} />
          <Figure label="Dead letters" value={count(system.deadLetters)} />
          <Figure label="Error rate" value={percent(system.errorRate)} />
          <Figure label="Latency p50 / p99" value={`${system.latencyMs.p50 ?? '—'} / ${system.latencyMs.p99 ?? '—'} ms`} />
        </div>
      ) : null}
      <DataTable
        caption="Tenants, busiest first"
        rows={tenants}
        keyOf={(row) => row.tenantId}
        columns={[
          { label: 'Tenant', cell: (row) => row.tenantId },
          { label: 'Active agents', cell: (row) => count(row.activeAgents) },
          { label: 'Decisions', cell: (row) => count(row.decisions) },
          { label: 'Deny rate', cell: (row) => percent(row.denyRate) },
          { label: 'Open incidents', cell: (row) => count(row.openIncidents) },
        ]}
      />
    </section>
  );
}
