/**
 * Access: the tenant's live just-in-time grants (team leads see their teams' only: the API filters
 * them), each with its agent, the one request it allows, who approved it and when it expires; a
 * grant can be revoked at once by the roles the API lets revoke, after a confirmation.
 */
import { useState } from 'react';
import { api, read } from '../api/client';
import type { Grant, Page } from '../api/types';
import { can } from '../auth/abilities';
import type { Session } from '../auth/session';
import { type Column, DataTable } from '../components/data-table';
import { ErrorNote, Link, Loading, Pager, when } from '../components/parts';
import { useApi } from '../components/use-api';

const RELATIVE = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** `iso` relative to `nowMs`, in the largest whole unit that fits ("in 29 minutes", "3 hours ago"). */
function relativeTime(iso: string, nowMs: number): string {
  const minutes = Math.round((Date.parse(iso) - nowMs) / 60_000);
  if (Math.abs(minutes) < 60) return RELATIVE.format(minutes, 'minute');
  if (Math.abs(minutes) < 48 * 60) return RELATIVE.format(Math.round(minutes / 60), 'hour');
  return RELATIVE.format(Math.round(minutes / (24 * 60)), 'day');
}

function RevokeButton({ grant, tenantId, onRevoked }: { grant: Grant; tenantId: string; onRevoked: (error?: Error) => void }) {
  const [busy, setBusy] = useState(false);
  const revoke = async () => {
    if (!confirm(`Revoke grant ${grant.id}? ${grant.agentId} may no longer ${grant.action} from now on.`)) return;
    setBusy(true);
    try {
      await read(api.DELETE('/v1/tenants/{tenantId}/grants/{grantId}', { params: { path: { tenantId, grantId: grant.id } } }));
      onRevoked();
    } catch (caught) {
      onRevoked(caught as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" className="danger" disabled={busy} aria-label={`Revoke ${grant.id}`} onClick={() => void revoke()}>
      Revoke
    </button>
  );
}

/** The Access view: live grants, 25 a page with the API's cursors. */
export function AccessView({ session, tenantId }: { session: Session; tenantId: string }) {
  const [cursor, setCursor] = useState<string | undefined>();
  const grants = useApi(
    () =>
      read<Page<Grant>>(
        api.GET('/v1/tenants/{tenantId}/grants', { params: { path: { tenantId }, query: { limit: 25, ...(cursor ? { cursor } : {}) } } }),
      ),
    [tenantId, cursor],
  );
  const [outcome, setOutcome] = useState<{ revoked?: string; error?: Error }>({});
  const nowMs = Date.now();
  const mayRevoke = can(session, 'grants:revoke');
  const columns: readonly Column<Grant>[] = [
    {
      label: 'Agent',
      cell: (grant) => (
        <>
          <Link to={`/agents/${encodeURIComponent(grant.agentId)}`}>{grant.agentId}</Link>
          <div className="muted">team {grant.team}</div>
        </>
      ),
    },
    {
      label: 'Allows',
      cell: (grant) => (
        <>
          {grant.action}
          {grant.tool ? <div className="muted">tool {grant.tool}</div> : null}
          {grant.resource ? <div className="muted">resource {grant.resource}</div> : null}
        </>
      ),
    },
    {
      label: 'Issued',
      cell: (grant) => (
        <>
          approved by {grant.approvedBy.join(', ') || '—'}
          <div className="muted">
            approval <code>{grant.approvalId}</code>, {when(grant.issuedAt)}
          </div>
        </>
      ),
    },
    {
      label: 'Expires',
      cell: (grant) => (
        <div className="expires">
          <time dateTime={grant.expiresAt} title={when(grant.expiresAt)}>
            {relativeTime(grant.expiresAt, nowMs)}
          </time>
          {mayRevoke ? (
            <RevokeButton
              grant={grant}
              tenantId={tenantId}
              onRevoked={(error) => {
                setOutcome(error ? { error } : { revoked: grant.id });
                if (!error) grants.reload();
              }}
            />
          ) : null}
        </div>
      ),
    },
  ];
  const teamLead = !session.roles.some((role) => role === 'tenant-admin' || role === 'security' || role === 'auditor');
  return (
    <section aria-labelledby="access-title">
      <header className="view-header">
        <h1 id="access-title">Access grants</h1>
      </header>
      <p className="muted">
        Live just-in-time grants: each lets one agent make exactly one request until it expires
        {teamLead ? `; those of your teams (${session.teams.join(', ') || 'none'})` : ''}.
      </p>
      {outcome.revoked ? (
        <p className="notice" role="status">
          Revoked {outcome.revoked}.
        </p>
      ) : null}
      <ErrorNote error={outcome.error} />
      <ErrorNote error={grants.error} />
      <Loading when={grants.loading && !grants.value} />
      {grants.value && grants.value.items.length > 0 ? (
        <DataTable label="Live grants" rows={grants.value.items} keyOf={(grant) => grant.id} columns={columns} />
      ) : null}
      {grants.value?.items.length === 0 ? <p className="muted">No live grant.</p> : null}
      <Pager
        {...(grants.value?.nextCursor ? { nextCursor: grants.value.nextCursor } : {})}
        {...(cursor ? { cursor } : {})}
        onPage={setCursor}
      />
    </section>
  );
}
