/**
 * Agents: the list with the API's filters (team, role, environment, status, inactive for N days),
 * a page at a time with its cursors; and an agent's page with its recent decisions and the
 * actions the signed-in person may take (rotate the key, suspend, reinstate, decommission).
 */
import { type FormEvent, useState } from 'react';
import { api, read } from '../api/client';
import type { Agent, DecisionRecord, Page } from '../api/types';
import { can, canWriteAgentOf } from '../auth/abilities';
import type { Session } from '../auth/session';
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
      <table>
        <thead>
          <tr>
            <th scope="col">Agent</th>
            <th scope="col">Team</th>
            <th scope="col">Role</th>
            <th scope="col">Environment</th>
            <th scope="col">Status</th>
            <th scope="col">Owner</th>
            <th scope="col">Last seen</th>
          </tr>
        </thead>
        <tbody>
          {agents.value?.items.map((agent) => (
            <tr key={agent.id}>
              <td>
                <Link to={`/agents/${agent.id}`}>{agent.name ?? agent.id}</Link>
              </td>
              <td>{agent.team}</td>
              <td>{agent.role}</td>
              <td>{agent.environment}</td>
              <td>{agent.status}</td>
              <td>{agent.owner ?? '—'}</td>
              <td>{when(agent.lastSeenAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
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
          </dl>
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
      {decisions.value ? (
        <>
          <h2>Recent decisions</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Action</th>
                <th scope="col">Effect</th>
                <th scope="col">Why</th>
                <th scope="col">Latency</th>
              </tr>
            </thead>
            <tbody>
              {decisions.value.items.map((record) => (
                <tr key={record.id}>
                  <td>{when(record.at)}</td>
                  <td>{record.request.tool ? `${record.request.action} (${record.request.tool})` : record.request.action}</td>
                  <td>
                    <span className={`effect effect-${record.effect}`}>{record.effect}</span>
                  </td>
                  <td>{record.reason}</td>
                  <td>{record.latencyMs} ms</td>
                </tr>
              ))}
            </tbody>
          </table>
          {decisions.value.items.length === 0 ? <p className="muted">No decisions recorded yet.</p> : null}
        </>
      ) : null}
      <ErrorNote error={decisions.error} />
    </section>
  );
}
