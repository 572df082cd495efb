/**
 * Agents: the list with the API's filters (team, role, environment, status, inactive for N days),
 * a page at a time with its cursors; and an agent's page with its recent decisions and the
 * actions the signed-in person may take (rotate the key, suspend, reinstate, decommission).
 */
import { type FormEvent, useState } from 'react';
import { api, read } from '../api/client';
import type { Agent, DecisionRecord, EffectivePolicy, Page } from '../api/types';
import { can, canWriteAgentOf } from '../auth/abilities';
import type { Session } from '../auth/session';
import { DataTable } from '../components/data-table';
import { ErrorNote, Link, Loading, Pager, when } from '../components/parts';
import { useApi } from '../components/use-api';

interface Filters {
  team?: string;
  role?: string;
  environment?: string;
  status?: 'active' | 'suspended' | 'decommissioned';
  inactiveSinceDays?: number;
}

const PAGE_SIZE = 25;

export function AgentList({ tenantId }: { tenantId: string }) {
  const [filters, setFilters] = useState<Filters>({});
  const [cursor, setCursor] = useState<string | undefined>();
  const agents = useApi(
    () =>
      read<Page<Agent>>(
        api.GET('/v1/tenants/{tenantId}/agents', {
          params: { path: { tenantId }, query: { ...filters, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } },
        }),
      ),
    [tenantId, JSON.stringify(filters), cursor],
  );
  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim() || undefined;
    const days = Number(form.get('inactiveSinceDays'));
    setCursor(undefined);
    setFilters({
      ...(text('team') ? { team: text('team') } : {}),
      ...(text('role') ? { role: text('role') } : {}),
      ...(text('environment') ? { environment: text('environment') } : {}),
      ...(text('status') ? { status: text('status') as Filters['status'] } : {}),
      ...(days > 0 ? { inactiveSinceDays: days } : {}),
    });
  };
  return (
    <section aria-labelledby="agents-title">
      <header className="view-header">
        <h1 id="agents-title">Agents</h1>
      </header>
      <form className="filters" onSubmit={apply} aria-label="Filter agents">
        <label>
          Team <input name="team" />
        </label>
        <label>
          Role <input name="role" />
        </label>
        <label>
          Environment <input name="environment" />
        </label>
        <label>
          Status{' '}
          <select aria-label="Status" name="status" defaultValue="">
            <option value="">any</option>
            <option>active</option>
            <option>suspended</option>
            <option>decommissioned</option>
          </select>
        </label>
        <label>
          Inactive for days <input name="inactiveSinceDays" type="number" min="1" max="3650" />
        </label>
        <button type="submit">Filter</button>
      </form>
      <ErrorNote error={agents.error} />
      <Loading when={agents.loading && !agents.value} />
      <DataTable
        rows={agents.value?.items}
        keyOf={(agent) => agent.id}
        columns={[
          { label: 'Agent', cell: (agent) => <Link to={`/agents/${agent.id}`}>{agent.name ?? agent.id}</Link> },
          { label: 'Team', cell: (agent) => agent.team },
          { label: 'Role', cell: (agent) => agent.role },
          { label: 'Environment', cell: (agent) => agent.environment },
          { label: 'Status', cell: (agent) => agent.status },
          { label: 'Owner', cell: (agent) => agent.owner ?? '—' },
          { label: 'Last seen', cell: (agent) => when(agent.lastSeenAt) },
        ]}
      />
      {agents.value?.items.length === 0 ? <p className="muted">No agent matches.</p> : null}
      <Pager
        {...(agents.value?.nextCursor ? { nextCursor: agents.value.nextCursor } : {})}
        {...(cursor ? { cursor } : {})}
        onPage={setCursor}
      />
    </section>
  );
}

export function AgentPage({ session, tenantId, agentId }: { session: Session; tenantId: string; agentId: string }) {
  const agent = useApi(
    () => read<Agent>(api.GET('/v1/tenants/{tenantId}/agents/{agentId}', { params: { path: { tenantId, agentId } } })),
    [tenantId, agentId],
  );
  const decisions = useApi(
    () =>
      can(session, 'audit:read')
        ? read<Page<DecisionRecord>>(
            api.GET('/v1/tenants/{tenantId}/audit', { params: { path: { tenantId }, query: { agentId, kind: 'decision', limit: 20 } } }),
          )
        : Promise.resolve(undefined),
    [tenantId, agentId],
  );
  const effective = useApi(
    () =>
      can(session, 'policies:read')
        ? read<EffectivePolicy>(api.GET('/v1/tenants/{tenantId}/effective-policy', { params: { path: { tenantId }, query: { agentId } } }))
        : Promise.resolve(undefined),
    [tenantId, agentId],
  );
  const [result, setResult] = useState<{ error?: Error; message?: string }>({});
  const path = { tenantId, agentId };
  const act = async (label: string, call: () => Promise<unknown>) => {
    try {
      const answer = await call();
      const key = (answer as { apiKey?: string } | undefined)?.apiKey;
      setResult({ message: key ? `${label}: the new key, shown once: ${key}` : `${label}: done.` });
      agent.reload();
    } catch (error) {
      setResult({ error: error as Error });
    }
  };
  const value = agent.value;
  const mayWrite = value ? canWriteAgentOf(session, value.team) : false;
  return (
    <section aria-labelledby="agent-title">
      <header className="view-header">
        <h1 id="agent-title">Agent {value?.name ?? agentId}</h1>
        <Link to="/agents">All agents</Link>
      </header>
      <ErrorNote error={agent.error} />
      <Loading when={agent.loading && !value} />
      {value ? (
        <>
          <dl className="facts">
            <dt>Id</dt>
            <dd>{value.id}</dd>
            <dt>Team</dt>
            <dd>{value.team}</dd>
            <dt>Role</dt>
            <dd>{value.role}</dd>
            <dt>Environment</dt>
            <dd>{value.environment}</dd>
            <dt>Status</dt>
            <dd>{value.status}</dd>
            <dt>Owner</dt>
            <dd>{value.owner ?? '—'}</dd>
            <dt>Last seen</dt>
            <dd>{when(value.lastSeenAt)}</dd>
            <dt>Quotas</dt>
            <dd>
              {value.quotas && Object.keys(value.quotas).length > 0
                ? Object.entries(value.quotas)
                    .map(([name, limit]) => `${name} ${limit.toLocaleString('en-US')}`)
                    .join(', ')
                : 'its role’s, team’s and tenant’s'}
            </dd>
          </dl>
          {mayWrite && value.status !== 'decommissioned' ? (
            <form
              className="filters"
              aria-label="Agent quotas"
              onSubmit={(event) => {
                event.preventDefault();
                const form = new FormData(event.currentTarget);
                const limit = (name: string) => (String(form.get(name) ?? '').trim() === '' ? undefined : Number(form.get(name)));
                const day = limit('decisionsPerDay');
                const month = limit('decisionsPerMonth');
                const quotas = {
                  ...(day === undefined ? {} : { decisionsPerDay: day }),
                  ...(month === undefined ? {} : { decisionsPerMonth: month }),
                };
                void act('Quotas saved', () =>
                  read(
                    api.PATCH('/v1/tenants/{tenantId}/agents/{agentId}', {
                      params: { path },
                      body: { quotas, reason: 'from the console' },
                    }),
                  ),
                );
              }}
            >
              <label>
                Decisions a day <input name="decisionsPerDay" type="number" min="1" defaultValue={value.quotas?.decisionsPerDay ?? ''} />
              </label>
              <label>
                Decisions a month{' '}
                <input name="decisionsPerMonth" type="number" min="1" defaultValue={value.quotas?.decisionsPerMonth ?? ''} />
              </label>
              <button type="submit">Save quotas</button>
            </form>
          ) : null}
          {mayWrite && value.status !== 'decommissioned' ? (
            <div className="actions" role="group" aria-label="Agent actions">
              <button
                type="button"
                onClick={() =>
                  act('Key rotated', () =>
                    read(api.POST('/v1/tenants/{tenantId}/agents/{agentId}/rotate-key', { params: { path }, body: {} })),
                  )
                }
              >
                Rotate key
              </button>
              {value.status === 'active' ? (
                <button
                  type="button"
                  onClick={() =>
                    act('Suspended', () =>
                      read(
                        api.POST('/v1/tenants/{tenantId}/agents/{agentId}/suspend', {
                          params: { path },
                          body: { reason: 'from the console' },
                        }),
                      ),
                    )
                  }
                >
                  Suspend
                </button>
              ) : (
                <button
                  type="button"
                  onClick={() =>
                    act('Reinstated', () =>
                      read(
                        api.POST('/v1/tenants/{tenantId}/agents/{agentId}/reinstate', {
                          params: { path },
                          body: { reason: 'from the console' },
                        }),
                      ),
                    )
                  }
                >
                  Reinstate
                </button>
              )}
              <button
                type="button"
                className="danger"
                onClick={() =>
                  confirm(`Decommission ${value.id}? Its keys stop working at once.`) &&
                  act('Decommissioned', () =>
                    read(
                      api.POST('/v1/tenants/{tenantId}/agents/{agentId}/decommission', {
                        params: { path },
                        body: { reason: 'from the console' },
                      }),
                    ),
                  )
                }
              >
                Decommission
              </button>
            </div>
          ) : null}
          {result.message ? (
            <p className="notice" role="status">
              {result.message}
            </p>
          ) : null}
          <ErrorNote error={result.error} />
        </>
      ) : null}
      {effective.value ? (
        <>
          <h2>What this agent may do</h2>
          <p className="muted">
            Rules in the order they are weighed; when none matches, the default for its environment applies (
            {Object.entries(effective.value.defaults)
              .map(([environment, effect]) => `${environment}: ${effect}`)
              .join(', ') || 'deny'}
            ).
          </p>
          <DataTable
            caption="Effective rules"
            rows={effective.value.rules}
            keyOf={(rule) => `${rule.scope}/${rule.id}`}
            columns={[
              { label: 'From', cell: (rule) => `${rule.scope} v${rule.version}` },
              { label: 'Rule', cell: (rule) => rule.id + (rule.locked ? ' (locked)' : '') },
              { label: 'Effect', cell: (rule) => <span className={`effect effect-${rule.effect}`}>{rule.effect}</span> },
              { label: 'Actions', cell: (rule) => rule.actions.join(', ') },
              { label: 'Tools', cell: (rule) => (rule.tools ?? ['*']).join(', ') },
              { label: 'Resources', cell: (rule) => (rule.resources ?? ['**']).join(', ') },
            ]}
          />
        </>
      ) : null}
      <ErrorNote error={effective.error} />
      {decisions.value ? (
        <>
          <h2>Recent decisions</h2>
          <DataTable
            label="Recent decisions"
            rows={decisions.value.items}
            keyOf={(record) => record.id}
            columns={[
              { label: 'When', cell: (record) => when(record.at) },
              {
                label: 'Action',
                cell: (record) => (record.request.tool ? `${record.request.action} (${record.request.tool})` : record.request.action),
              },
              { label: 'Effect', cell: (record) => <span className={`effect effect-${record.effect}`}>{record.effect}</span> },
              { label: 'Why', cell: (record) => record.reason },
              { label: 'Latency', cell: (record) => `${record.latencyMs} ms` },
            ]}
          />
          {decisions.value.items.length === 0 ? <p className="muted">No decisions recorded yet.</p> : null}
        </>
      ) : null}
      <ErrorNote error={decisions.error} />
    </section>
  );
}
