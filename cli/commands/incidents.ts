/** `warden incidents ls|show|ack|resolve`: the tenant's incidents. */
import type { Command } from 'commander';
import { connect, type Io } from '../support/context';
import { fields, pageTable } from '../support/output';
import { paged } from '../support/paging';

interface Incident {
  id: string;
  status: string;
  severity?: string;
  agentId?: string;
  title?: string;
  openedAt?: string;
  updatedAt?: string;
  timeline?: { at: string; kind: string; summary?: string; actor?: string }[];
}

export function incidentCommands(io: Io, program: Command) {
  const incidents = program.command('incidents').description('Incidents: anomalies of an agent grouped, with their timeline');

  paged(incidents.command('ls'), 'incidents')
    .description('Incidents, newest first')
    .option('--status <status>', 'open, acknowledged or resolved')
    .action(async (options: { status?: string; limit: string; cursor?: string }, command: Command) => {
      const connection = connect(io, command);
      const page = await connection.api.get<{ items: Incident[]; nextCursor?: string }>(connection.tenantPath('/incidents'), {
        status: options.status,
        limit: options.limit,
        cursor: options.cursor,
      });
      connection.print(page, (answer) =>
        pageTable(answer, [
          { header: 'id', get: (row) => row.id },
          { header: 'status', get: (row) => row.status },
          { header: 'severity', get: (row) => row.severity },
          { header: 'agent', get: (row) => row.agentId },
          { header: 'title', get: (row) => row.title },
          { header: 'opened', get: (row) => row.openedAt },
        ]),
      );
    });

  incidents
    .command('show')
    .description('An incident with its timeline')
    .argument('<incidentId>')
    .action(async (incidentId: string, _options: unknown, command: Command) => {
      const connection = connect(io, command);
      const incident = await connection.api.get<Incident>(connection.tenantPath(`/incidents/${encodeURIComponent(incidentId)}`));
      connection.print(incident, (answer) =>
        [
          fields([
            ['id', answer.id],
            ['status', answer.status],
            ['severity', answer.severity],
            ['agent', answer.agentId],
            ['title', answer.title],
          ]),
          ...(answer.timeline ?? []).map((entry) => `  ${entry.at}  ${entry.kind}${entry.summary ? `: ${entry.summary}` : ''}`),
        ].join('\n'),
      );
    });

  for (const [verb, route, what] of [
    ['ack', 'acknowledge', 'Acknowledge an incident'],
    ['resolve', 'resolve', 'Resolve an incident'],
  ] as const) {
    incidents
      .command(verb)
      .description(what)
      .argument('<incidentId>')
      .option('--note <text>', 'recorded in the timeline')
      .action(async (incidentId: string, options: { note?: string }, command: Command) => {
        const connection = connect(io, command);
        const incident = await connection.api.post<Incident>(
          connection.tenantPath(`/incidents/${encodeURIComponent(incidentId)}/${route}`),
          options.note === undefined ? {} : { note: options.note },
        );
        connection.print(incident, (answer) => `${answer.id}: ${answer.status}`);
      });
  }
}
