/**
 * The approvals inbox: the pending approvals the signed-in person may decide now (the API lists
 * only those), each with its request, risk, agent, rule and the authority it waits for; approve
 * or reject with a comment.
 */
import { useState } from 'react';
import { api, read } from '../api/client';
import type { Approval, Page } from '../api/types';
import { can } from '../auth/abilities';
import type { Session } from '../auth/session';
import { ErrorNote, Loading, Pager, when } from '../components/parts';
import { useApi } from '../components/use-api';

function ApprovalCard({
  approval,
  tenantId,
  mayDecide,
  onDecided,
}: {
  approval: Approval;
  tenantId: string;
  mayDecide: boolean;
  onDecided: () => void;
}) {
  const [comment, setComment] = useState('');
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const path = { tenantId, approvalId: approval.id };
  const decide = async (verdict: 'approve' | 'reject') => {
    setBusy(true);
    setError(undefined);
    try {
      const body = comment.trim() ? { comment: comment.trim() } : {};
      if (verdict === 'approve') await read(api.POST('/v1/tenants/{tenantId}/approvals/{approvalId}/approve', { params: { path }, body }));
      else await read(api.POST('/v1/tenants/{tenantId}/approvals/{approvalId}/reject', { params: { path }, body }));
      onDecided();
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  };
  const request = approval.request;
  return (
    <article className="card" aria-labelledby={`approval-${approval.id}`}>
      <h2 id={`approval-${approval.id}`}>
        {request.action}
        {request.tool ? ` (${request.tool})` : ''} <span className={`risk risk-${approval.risk}`}>{approval.risk} risk</span>
      </h2>
      <dl className="facts">
        <dt>Agent</dt>
        <dd>
          {approval.agent.name} ({approval.agent.id}), team {approval.agent.team}, {approval.agent.environment}, owner{' '}
          {approval.agent.owner}
        </dd>
        {request.resource ? (
          <>
            <dt>Resource</dt>
            <dd>{request.resource}</dd>
          </>
        ) : null}
        <dt>Rule</dt>
        <dd>
          {approval.rule.id} ({approval.rule.scope} v{approval.rule.version}): {approval.reason}
        </dd>
        <dt>Needs</dt>
        <dd>
          {approval.requiredApprovals} approval{approval.requiredApprovals > 1 ? 's' : ''} ({approval.approvals.length} so far)
          {approval.escalated ? ', escalated' : ''}; decide by {when(approval.deadlineAt)}
        </dd>
      </dl>
      {mayDecide ? (
        <div className="decide">
          <label>
            Comment <input value={comment} onChange={(event) => setComment(event.target.value)} maxLength={1000} />
          </label>
          <button type="button" disabled={busy} onClick={() => void decide('approve')}>
            Approve
          </button>
          <button type="button" className="danger" disabled={busy} onClick={() => void decide('reject')}>
            Reject
          </button>
        </div>
      ) : null}
      <ErrorNote error={error} />
    </article>
  );
}

export function ApprovalsInbox({ session, tenantId }: { session: Session; tenantId: string }) {
  const [cursor, setCursor] = useState<string | undefined>();
  const approvals = useApi(
    () =>
      read<Page<Approval>>(
        api.GET('/v1/tenants/{tenantId}/approvals', {
          params: { path: { tenantId }, query: { status: 'pending', limit: 20, ...(cursor ? { cursor } : {}) } },
        }),
      ),
    [tenantId, cursor],
  );
  const [decided, setDecided] = useState(0);
  return (
    <section aria-labelledby="approvals-title">
      <header className="view-header">
        <h1 id="approvals-title">Approvals waiting for you</h1>
      </header>
      {decided > 0 ? (
        <p className="notice" role="status">
          Decided {decided} this visit.
        </p>
      ) : null}
      <ErrorNote error={approvals.error} />
      <Loading when={approvals.loading && !approvals.value} />
      {approvals.value?.items.map((approval) => (
        <ApprovalCard
          key={approval.id}
          approval={approval}
          tenantId={tenantId}
          mayDecide={can(session, 'approvals:decide')}
          onDecided={() => {
            setDecided((value) => value + 1);
            approvals.reload();
          }}
        />
      ))}
      {approvals.value?.items.length === 0 ? <p className="muted">Nothing waits for you.</p> : null}
      <Pager
        {...(approvals.value?.nextCursor ? { nextCursor: approvals.value.nextCursor } : {})}
        {...(cursor ? { cursor } : {})}
        onPage={setCursor}
      />
    </section>
  );
}
