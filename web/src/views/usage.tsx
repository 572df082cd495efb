/**
 * Usage and billing (finance): a month's metered decisions by day, team and agent, the
 * reconciliation of billed against audited decisions, and the FOCUS export as a file (fetched with
 * the signed-in person's token; a large export answers with a link to download it from).
 */
import { useMemo, useState } from 'react';
import { api, read } from '../api/client';
import { saveExport } from '../api/download-link';
import type { Reconciliation, Usage, UsageCounts } from '../api/types';
import type { Session } from '../auth/session';
import { type Column, DataTable } from '../components/data-table';
import { count, ErrorNote, Figure, Loading } from '../components/parts';
import { TimeChart } from '../components/time-chart';
import { useApi } from '../components/use-api';

const COUNTS: readonly Column<UsageCounts>[] = [
  { label: 'Decisions', cell: (row) => count(row.decisions) },
  { label: 'Denied', cell: (row) => count(row.denied) },
];

const thisMonth = () => new Date().toISOString().slice(0, 7);

/** Saves the tenant's FOCUS export of `period` as a CSV file, or follows the link a large export answers with. */
async function downloadExport(tenantId: string, period: string) {
  const file = await read<Blob>(
    api.GET('/v1/tenants/{tenantId}/billing/export', { params: { path: { tenantId }, query: { period, format: 'csv' } }, parseAs: 'blob' }),
  );
  await saveExport(file, `warden-${tenantId}-${period}-focus.csv`);
}

export function UsageView({ session, tenantId }: { session: Session; tenantId: string }) {
  const [period, setPeriod] = useState(thisMonth);
  const usage = useApi(
    () => read<Usage>(api.GET('/v1/tenants/{tenantId}/usage', { params: { path: { tenantId }, query: { period } } })),
    [tenantId, period],
  );
  const reconciliation = useApi(
    () => read<Reconciliation>(api.GET('/v1/tenants/{tenantId}/billing/reconcile', { params: { path: { tenantId }, query: { period } } })),
    [tenantId, period],
  );
  const [downloadError, setDownloadError] = useState<Error>();
  const mayExport = session.roles.includes('tenant-admin') || session.roles.includes('finance');
  const chart = useMemo(() => {
    const days = usage.value?.byDay ?? [];
    return {
      times: days.map((day) => Date.parse(`${day.day}T00:00:00Z`)),
      lines: [
        { label: 'decisions', values: days.map((day) => day.decisions), colour: '#2457a6' },
        { label: 'denied', values: days.map((day) => day.denied), colour: '#b3261e' },
      ],
    };
  }, [usage.value]);
  const totals = usage.value?.totals;
  return (
    <section aria-labelledby="usage-title">
      <header className="view-header">
        <h1 id="usage-title">Usage and billing</h1>
        <div className="controls">
          <label>
            Month <input type="month" value={period} onChange={(event) => event.target.value && setPeriod(event.target.value)} />
          </label>
          {mayExport ? (
            <button
              type="button"
              onClick={() => downloadExport(tenantId, period).catch((error: unknown) => setDownloadError(error as Error))}
            >
              Download FOCUS export (CSV)
            </button>
          ) : null}
        </div>
      </header>
      <ErrorNote error={downloadError} />
      <ErrorNote error={usage.error} />
      <Loading when={usage.loading && !totals} />
      {totals ? (
        <div className="figures">
          <Figure label="Decisions" value={count(totals.decisions)} />
          <Figure label="Denied" value={count(totals.denied)} />
          <Figure label="Approvals required" value={count(totals.approvalsRequired)} />
          <Figure label="Active agents" value={count(totals.activeAgents)} />
          {reconciliation.value ? (
            <Figure
              label="Billed against audited"
              value={reconciliation.value.difference === 0 ? 'equal' : `differ by ${count(reconciliation.value.difference)}`}
              hint={`${count(reconciliation.value.billedDecisions)} billed, ${count(reconciliation.value.auditedDecisions)} audited${reconciliation.value.closed ? ', month closed' : ''}`}
            />
          ) : null}
        </div>
      ) : null}
      <ErrorNote error={reconciliation.error} />
      <TimeChart title={`Decisions by day, ${period}`} times={chart.times} series={chart.lines} empty="No decisions metered this month." />
      <div className="columns">
        <DataTable
          caption="By team"
          rows={usage.value?.byTeam}
          keyOf={(row) => row.team}
          columns={[{ label: 'Team', cell: (row) => row.team }, ...COUNTS]}
        />
        <DataTable
          caption="By agent"
          rows={usage.value?.byAgent}
          keyOf={(row) => row.agentId}
          columns={[{ label: 'Agent', cell: (row) => row.agentId }, ...COUNTS]}
        />
      </div>
    </section>
  );
}
