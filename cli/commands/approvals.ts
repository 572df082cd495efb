/** `warden approvals …` and `warden grants …`: deciding requests and the just-in-time access they grant. */
import type { Command } from 'commander';
import { connect, type Io } from '../support/context';
import { pageTable, table } from '../support/output';
import { paged } from '../support/paging';

interface Approval {
  id: string;
  status: string;
  risk?: string;
  agent?: { id: string; name?: string; team?: string };
  agentId?: string;
  request: { action: string; tool?: string; resource?: string };
  createdAt?: string;
  expiresAt?: string;
}

interface GrantView {
  id: string;
  agentId: string;
  action?: string;
  tool?: string;
  resource?: string;
  request?: { action: string; tool?: string; resource?: string };
  expiresAt: string;
}

const requestText = (request?: { action: string; tool?: string; resource?: string }) =>
  request ? [request.action, request.tool, request.resource].filter(Boolean).join(' ') : undefined;

export function approvalCommands(io: Io, program: Command) {
  const approvals = program.command('approvals').description('Approvals waiting for a decision, and deciding them');

  paged(approvals.command('ls'), 'approvals')
    .description('Approvals you may decide')
    .option('--status <status>', 'pending, approved, rejected or expired', 'pending')
    .action(async (options: { status: string; limit: string; cursor?: string }, command: Command) => {
      const connection = connect(io, command);
      const page = await connection.api.get<{ items: Approval[]; nextCursor?: string }>(connection.tenantPath('/approvals'), {
        status: options.status,
        limit: options.limit,
        cursor: options.cursor,
      });
      connection.print(page, (answer) =>
        pageTable(answer, [
          { header: 'id', get: (row) => row.id },
          { header: 'status', get: (row) => row.status },
          { header: 'risk', get: (row) => row.risk },
          { header: 'agent', get: (row) => row.agent?.name ?? row.agent?.id ?? row.agentId },
          { header: 'request', get: (row) => requestText(row.request) },
          { header: 'expires', get: (row) => row.expiresAt },
        ]),
      );
    });

  for (const verb of ['approve', 'reject'] as const) {
    approvals
      .command(verb)
      .description(verb === 'approve' ? 'Approve a request (the last approval issues the grant)' : 'Reject a request')
      .argument('<approvalId>')
      .option('--comment <text>', 'why, recorded with the decision')
      .action(async (approvalId: string, options: { comment?: string }, command: Command) => {
        const connection = connect(io, command);
        const approval = await connection.api.post<Approval>(
          connection.tenantPath(`/approvals/${encodeURIComponent(approvalId)}/${verb}`),
          options.comment === undefined ? {} : { comment: options.comment },
        );
        connection.print(approval, (answer) => `${answer.id}: ${answer.status}`);
      });
  }

  const grants = program.command('grants').description('Active just-in-time grants');

  grants
    .command('ls')
    .description('Active grants')
    .action(async (_options: unknown, command: Command) => {
      const connection = connect(io, command);
      const page = await connection.api.get<{ items: GrantView[] }>(connection.tenantPath('/grants'));
      connection.print(page, ({ items }) =>
        table(items, [
          { header: 'id', get: (row) => row.id },
          { header: 'agent', get: (row) => row.agentId },
          {
            header: 'request',
            get: (row) => requestText(row.request) ?? requestText({ action: row.action ?? '', tool: row.tool, resource: row.resource }),
          },
          { header: 'expires', get: (row) => row.expiresAt },
        ]),
      );
    });

  grants
    .command('revoke')
    .description('Revoke a grant at once')
    .argument('<grantId>')
    .action(async (grantId: string, _options: unknown, command: Command) => {
      const connection = connect(io, command);
      const answer = await connection.api.delete(connection.tenantPath(`/grants/${encodeURIComponent(grantId)}`));
      connection.print(answer ?? { id: grantId, revoked: true }, () => `${grantId}: revoked`);
    });
}
