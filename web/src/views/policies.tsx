/**
 * Policies: the tenant's scopes with their latest and active versions; a scope's versions, the
 * rule-level diff of a version against the active one, a draft editor (JSON or YAML, checked as you type;
 * saving shows the server's errors by field), and for a version: run the tests, replay its impact,
 * publish, or roll back to it. A simulation asks what an agent would be told, recording nothing.
 */
import { useEffect, useState } from 'react';
import { api, read } from '../api/client';
import type { Impact, Page, PolicyDiff, PolicyScope, PolicyVersion, Simulation, TestRun } from '../api/types';
import type { Session } from '../auth/session';
import { DataTable } from '../components/data-table';
import { Choice, ErrorNote, Link, Loading, when } from '../components/parts';
import { type DraftFormat, DRAFT_FORMATS, readDraft, writeDraft } from './policy-draft';
import { useApi } from '../components/use-api';

export function PolicyScopes({ tenantId }: { tenantId: string }) {
  const scopes = useApi(
    () => read<{ items: PolicyScope[] }>(api.GET('/v1/tenants/{tenantId}/policies', { params: { path: { tenantId } } })),
    [tenantId],
  );
  return (
    <section aria-labelledby="policies-title">
      <header className="view-header">
        <h1 id="policies-title">Policies</h1>
      </header>
      <ErrorNote error={scopes.error} />
      <Loading when={scopes.loading && !scopes.value} />
      <DataTable
        rows={scopes.value?.items}
        keyOf={(scope) => scope.scope}
        columns={[
          { label: 'Scope', cell: (scope) => <Link to={`/policies/${encodeURIComponent(scope.scope)}`}>{scope.scope}</Link> },
          { label: 'Latest version', cell: (scope) => scope.latestVersion },
          { label: 'Active version', cell: (scope) => scope.activeVersion ?? 'none' },
        ]}
      />
      {scopes.value?.items.length === 0 ? <p className="muted">No policy saved yet.</p> : null}
    </section>
  );
}

function DiffView({ diff }: { diff: PolicyDiff }) {
  const nothing = diff.added.length + diff.removed.length + diff.changed.length === 0 && !diff.reordered;
  return (
    <div aria-label={`Changes from v${diff.from} to v${diff.to}`} role="region">
      <h3>
        Changes from v{diff.from} to v{diff.to}
      </h3>
      {nothing ? <p className="muted">No rule changed.</p> : null}
      <ul className="plain diff">
        {diff.added.map((rule) => (
          <li key={`+${rule.id}`} className="added">
            + rule <code>{rule.id}</code> added
          </li>
        ))}
        {diff.removed.map((rule) => (
          <li key={`-${rule.id}`} className="removed">
            − rule <code>{rule.id}</code> removed
          </li>
        ))}
        {diff.changed.flatMap((rule) =>
          rule.changes.map((change) => (
            <li key={`~${rule.id}.${change.field}`}>
              ~ rule <code>{rule.id}</code> {change.field}: <code>{JSON.stringify(change.from)}</code> →{' '}
              <code>{JSON.stringify(change.to)}</code>
            </li>
          )),
        )}
        {diff.reordered ? <li>rules reordered</li> : null}
      </ul>
    </div>
  );
}

export function PolicyScopeView({ session, tenantId, scope }: { session: Session; tenantId: string; scope: string }) {
  const path = { tenantId, scope };
  const versions = useApi(
    () =>
      read<Page<PolicyVersion>>(api.GET('/v1/tenants/{tenantId}/policies/{scope}/versions', { params: { path, query: { limit: 20 } } })),
    [tenantId, scope],
  );
  const active = versions.value?.items.find((version) => version.status === 'active');
  const [selected, setSelected] = useState<number>();
  const shown = versions.value?.items.find((version) => version.version === selected) ?? versions.value?.items[0];
  const diff = useApi(
    () =>
      shown && active && shown.version !== active.version
        ? read<PolicyDiff>(
            api.GET('/v1/tenants/{tenantId}/policies/{scope}/diff', {
              params: { path, query: { from: active.version, to: shown.version } },
            }),
          )
        : Promise.resolve(undefined),
    [shown?.version, active?.version],
  );
  const [draft, setDraft] = useState('');
  const [format, setFormat] = useState<DraftFormat>('json');
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<{ error?: Error; message?: string; tests?: TestRun; impact?: Impact }>({});
  useEffect(() => {
    if (shown) setDraft(writeDraft(shown.document, format));
  }, [shown?.version]);
  /** Another format: the draft as typed is rewritten in it when it reads, and kept as it is otherwise. */
  const changeFormat = (next: DraftFormat) => {
    const current = readDraft(draft, format);
    if ('document' in current) setDraft(writeDraft(current.document, next));
    setFormat(next);
  };
  const mayWrite = session.roles.includes('tenant-admin') || session.roles.includes('team-lead');
  const typed = readDraft(draft, format);
  const problem = 'problem' in typed ? typed.problem : undefined;
  const why = reason.trim();

  const run = async (label: string, call: () => Promise<Partial<typeof outcome> | void>) => {
    setOutcome({});
    try {
      setOutcome({ message: label, ...(await call()) });
      versions.reload();
    } catch (error) {
      setOutcome({ error: error as Error });
    }
  };
  const save = () =>
    run('Draft saved', async () => {
      const saved = await read<PolicyVersion>(
        api.PUT('/v1/tenants/{tenantId}/policies/{scope}', {
          params: { path },
          // Sent as JSON whichever format it was written in: the server's errors name the same fields.
          body: { ...('document' in typed ? typed.document : {}), reason: why } as never,
        }),
      );
      setSelected(saved.version);
      return { message: `Draft v${saved.version} saved` };
    });
  const version = shown ? String(shown.version) : '';

  return (
    <section aria-labelledby="scope-title">
      <header className="view-header">
        <h1 id="scope-title">Policy {scope}</h1>
        <Link to="/policies">All scopes</Link>
      </header>
      <ErrorNote error={versions.error} />
      <Loading when={versions.loading && !versions.value} />
      <div className="columns">
        <div>
          <h2>Versions</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Status</th>
                <th scope="col">By</th>
                <th scope="col">Reason</th>
                <th scope="col">Saved</th>
              </tr>
            </thead>
            <tbody>
              {versions.value?.items.map((item) => (
                <tr key={item.version} aria-selected={item.version === shown?.version}>
                  <td>
                    <button
                      type="button"
                      className="link"
                      onClick={() => setSelected(item.version)}
                      aria-pressed={item.version === shown?.version}
                    >
                      v{item.version}
                    </button>
                  </td>
                  <td>{item.status}</td>
                  <td>{item.author}</td>
                  <td>{item.reason}</td>
                  <td>{when(item.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {diff.value ? <DiffView diff={diff.value} /> : null}
          <ErrorNote error={diff.error} />
        </div>
        <div>
          <h2>{shown ? `Version ${shown.version} (${shown.status})` : 'New draft'}</h2>
          <Choice label="Format" value={format} options={DRAFT_FORMATS} onChange={changeFormat} />
          <label className="wide">
            Document ({format.toUpperCase()})
            <textarea value={draft} onChange={(event) => setDraft(event.target.value)} rows={18} spellCheck={false} readOnly={!mayWrite} />
          </label>
          {problem ? (
            <p className="error" role="status">
              {problem}
            </p>
          ) : null}
          {mayWrite ? (
            <>
              <label className="wide">
                Reason <input value={reason} onChange={(event) => setReason(event.target.value)} maxLength={500} />
              </label>
              <div className="actions" role="group" aria-label="Policy actions">
                <button type="button" disabled={Boolean(problem) || !why} onClick={() => void save()}>
                  Save draft
                </button>
                <button
                  type="button"
                  disabled={!shown}
                  onClick={() =>
                    void run('Tests run', async () => ({
                      tests: await read<TestRun>(
                        api.POST('/v1/tenants/{tenantId}/policy-tests/run', {
                          params: { path: { tenantId } },
                          body: { scope, version: shown!.version },
                        }),
                      ),
                    }))
                  }
                >
                  Run tests
                </button>
                <button
                  type="button"
                  disabled={!shown}
                  onClick={() =>
                    void run('Impact replayed', async () => ({
                      impact: await read<Impact>(
                        api.POST('/v1/tenants/{tenantId}/policies/{scope}/versions/{version}/impact', {
                          params: { path: { ...path, version } },
                          body: {},
                        }),
                      ),
                    }))
                  }
                >
                  Impact
                </button>
                <button
                  type="button"
                  disabled={!shown || shown.status !== 'draft' || !why}
                  onClick={() =>
                    void run(`v${version} published`, () =>
                      read(
                        api.POST('/v1/tenants/{tenantId}/policies/{scope}/versions/{version}/publish', {
                          params: { path: { ...path, version } },
                          body: { reason: why },
                        }),
                      ).then(() => undefined),
                    )
                  }
                >
                  Publish
                </button>
                <button
                  type="button"
                  className="danger"
                  disabled={!shown || !active || shown.version === active.version || shown.status === 'draft' || !why}
                  onClick={() =>
                    void run(`Rolled back to v${version}`, () =>
                      read(
                        api.POST('/v1/tenants/{tenantId}/policies/{scope}/rollback', {
                          params: { path },
                          body: { toVersion: shown!.version, reason: why },
                        }),
                      ).then(() => undefined),
                    )
                  }
                >
                  Roll back to this version
                </button>
              </div>
            </>
          ) : null}
          {outcome.message ? (
            <p className="notice" role="status">
              {outcome.message}
            </p>
          ) : null}
          <ErrorNote error={outcome.error} />
          {outcome.tests ? (
            <p role="status">
              Tests: {outcome.tests.passed} passed, {outcome.tests.failed} failed
              {outcome.tests.results
                .filter((result) => !result.passed)
                .map((result) => ` · ${result.name}`)
                .join('')}
            </p>
          ) : null}
          {outcome.impact ? (
            <p role="status">
              Replayed {outcome.impact.replayed} recent requests: {outcome.impact.changed} would get another answer
              {outcome.impact.transitions.map((transition) => ` · ${transition.from} → ${transition.to}: ${transition.count}`).join('')}
            </p>
          ) : null}
        </div>
      </div>
      <SimulateForm tenantId={tenantId} />
    </section>
  );
}

function SimulateForm({ tenantId }: { tenantId: string }) {
  const [answer, setAnswer] = useState<{ result?: Simulation; error?: Error }>({});
  return (
    <form
      className="filters"
      aria-label="Simulate a request"
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const agentId = String(form.get('agentId') ?? '').trim();
        const action = String(form.get('action') ?? '').trim();
        read<Simulation>(
          api.POST('/v1/tenants/{tenantId}/simulate', { params: { path: { tenantId } }, body: { agentId, request: { action } } }),
        ).then(
          (result) => setAnswer({ result }),
          (error: unknown) => setAnswer({ error: error as Error }),
        );
      }}
    >
      <h2 className="full">Simulate</h2>
      <label>
        Agent id <input name="agentId" required />
      </label>
      <label>
        Action <input name="action" required placeholder="tickets:read" />
      </label>
      <button type="submit">Simulate</button>
      {answer.result ? (
        <p role="status" className="full">
          <span className={`effect effect-${answer.result.effect}`}>{answer.result.effect}</span> {answer.result.reason}
        </p>
      ) : null}
      <ErrorNote error={answer.error} />
    </form>
  );
}
