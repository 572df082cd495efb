/**
 * Remediation runs: the playbooks' runs by status, each with its steps; approve a run waiting at a
 * `wait_for_approval` step, cancel a run, or revert what one did (the API says what it could not
 * undo).
 */
import { useState } from 'react';
import { api, read } from '../api/client';
import type { Page } from '../api/types';
import { can } from '../auth/abilities';
import type { Session } from '../auth/session';
import { Choice, ErrorNote, Loading, Pager, when } from '../components/parts';
import { useApi } from '../components/use-api';
import { useFilteredPages } from '../components/use-filtered-pages';

type RunStatus = 'running' | 'waiting_for_approval' | 'succeeded' | 'failed' | 'cancelled' | 'throttled' | 'reverted';
const STATUSES: readonly RunStatus[] = ['waiting_for_approval', 'running', 'succeeded', 'failed', 'cancelled', 'throttled', 'reverted'];

interface Run {
  readonly id: string;
  readonly playbookId: string;
  readonly trigger: { event: string; summary: string };
  readonly status: RunStatus;
  readonly mode: string;
  readonly agentId?: string;
  readonly steps: { type: string; status: string; detail?: string }[];
  readonly startedAt: string;
}

function RunCard({
  run,
  tenantId,
  mayAct,
  onChanged,
}: {
  run: Run;
  tenantId: string;
  mayAct: boolean;
  onChanged: (message: string) => void;
}) {
  const [error, setError] = useState<Error>();
  const path = { tenantId, runId: run.id };
  const act = (label: string, call: () => Promise<unknown>) => {
    setError(undefined);
    call().then(
      (answer) => {
        const kept = (answer as { notReverted?: { type: string }[] } | undefined)?.notReverted ?? [];
        onChanged(kept.length > 0 ? `${label}; not reverted: ${kept.map((step) => step.type).join(', ')}` : label);
      },
      (caught: unknown) => setError(caught as Error),
    );
  };
  return (
    <article className="card" aria-labelledby={`run-${run.id}`}>
      <h2 id={`run-${run.id}`}>
        {run.playbookId} <span className="muted">({run.mode})</span> — {run.status.replace(/_/g, ' ')}
      </h2>
      <p>
        {run.trigger.event}: {run.trigger.summary}
        {run.agentId ? ` · agent ${run.agentId}` : ''} · started {when(run.startedAt)}
      </p>
      <ol>
        {run.steps.map((step, index) => (
          <li key={index}>
            {step.type} — {step.status}
            {step.detail ? `: ${step.detail}` : ''}
          </li>
        ))}
      </ol>
      {mayAct ? (
        <div className="actions" role="group" aria-label={`Run ${run.id} actions`}>
          {run.status === 'waiting_for_approval' ? (
            <button
              type="button"
              onClick={() =>
                act('Run approved', () => read(api.POST('/v1/tenants/{tenantId}/remediations/{runId}/approve', { params: { path } })))
              }
            >
              Approve the rest
            </button>
          ) : null}
          {run.status === 'running' || run.status === 'waiting_for_approval' ? (
            <button
              type="button"
              className="danger"
              onClick={() =>
                act('Run cancelled', () => read(api.POST('/v1/tenants/{tenantId}/remediations/{runId}/cancel', { params: { path } })))
              }
            >
              Cancel
            </button>
          ) : null}
          {run.status === 'succeeded' && run.mode === 'enforce' ? (
            <button
              type="button"
              onClick={() =>
                act('Run reverted', () => read(api.POST('/v1/tenants/{tenantId}/remediations/{runId}/revert', { params: { path } })))
              }
            >
              Revert
            </button>
          ) : null}
        </div>
      ) : null}
      <ErrorNote error={error} />
    </article>
  );
}

export function RemediationRuns({ session, tenantId }: { session: Session; tenantId: string }) {
  const pages = useFilteredPages<RunStatus>('waiting_for_approval');
  const { filter: status, cursor } = pages;
  const [message, setMessage] = useState<string>();
  const runs = useApi(
    () =>
      read<Page<Run>>(
        api.GET('/v1/tenants/{tenantId}/remediations', {
          params: { path: { tenantId }, query: { status, limit: 20, ...pages.cursorQuery } },
        }),
      ),
    [tenantId, status, cursor],
  );
  return (
    <section aria-labelledby="remediations-title">
      <header className="view-header">
        <h1 id="remediations-title">Remediations</h1>
        <Choice label="Status" value={status} options={STATUSES} onChange={pages.choose} />
      </header>
      {message ? (
        <p className="notice" role="status">
          {message}
        </p>
      ) : null}
      <ErrorNote error={runs.error} />
      <Loading when={runs.loading && !runs.value} />
      {runs.value?.items.map((run) => (
        <RunCard
          key={run.id}
          run={run}
          tenantId={tenantId}
          mayAct={can(session, 'incidents:write')}
          onChanged={(text) => {
            setMessage(text);
            runs.reload();
          }}
        />
      ))}
      {runs.value?.items.length === 0 ? <p className="muted">No run is {status.replace(/_/g, ' ')}.</p> : null}
      <Pager {...(runs.value?.nextCursor ? { nextCursor: runs.value.nextCursor } : {})} {...pages.cursorQuery} onPage={pages.setCursor} />
    </section>
  );
}
