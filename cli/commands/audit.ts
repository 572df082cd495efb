/** `warden audit ls|tail`: the tenant's audit log, a page at a time or followed as it grows. */
import type { Command } from 'commander';
import { connect, type Connection, type Io, UsageError } from '../support/context';
import { pageTable } from '../support/output';
import { paged } from '../support/paging';

interface AuditRecord {
  id: string;
  kind: 'decision' | 'change';
  at: string;
  effect?: string;
  agent?: { id: string; name?: string };
  request?: { action: string; tool?: string; resource?: string };
  action?: string;
  actor?: { type: string; sub?: string; agentId?: string };
  target?: { type: string; id: string };
  reason?: string;
}

const columns = [
  { header: 'at', get: (row: AuditRecord) => row.at },
  { header: 'kind', get: (row: AuditRecord) => row.kind },
  { header: 'who', get: (row: AuditRecord) => row.agent?.name ?? row.actor?.sub ?? row.actor?.agentId ?? row.actor?.type },
  {
    header: 'what',
    get: (row: AuditRecord) =>
      row.kind === 'decision' ? [row.request?.action, row.request?.tool, row.request?.resource].filter(Boolean).join(' ') : row.action,
  },
  {
    header: 'outcome',
    get: (row: AuditRecord) => (row.kind === 'decision' ? row.effect : row.target ? `${row.target.type} ${row.target.id}` : undefined),
  },
  { header: 'id', get: (row: AuditRecord) => row.id },
];

/** How many pages one poll of `tail` follows at most before printing (a burst larger than this is shown in part). */
const TAIL_MAX_PAGES = 10;

interface Filters {
  agent?: string;
  effect?: string;
  kind?: string;
}

const query = (filters: Filters) => ({ agentId: filters.agent, effect: filters.effect, kind: filters.kind });

/** Records at or after `from` (newest first on the server), oldest first, up to TAIL_MAX_PAGES pages. */
async function recordsSince(connection: Connection, from: string, filters: Filters): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < TAIL_MAX_PAGES; page++) {
    const answer = await connection.api.get<{ items: AuditRecord[]; nextCursor?: string }>(connection.tenantPath('/audit'), {
      ...query(filters),
      from,
      limit: 100,
      cursor,
    });
    records.push(...answer.items);
    if (!answer.nextCursor) break;
    cursor = answer.nextCursor;
  }
  return records.reverse();
}

export function auditCommands(io: Io, program: Command) {
  const audit = program.command('audit').description("The tenant's audit log: decisions and changes");

  paged(audit.command('ls'), 'records')
    .description('Records, newest first')
    .option('--from <time>', 'ISO time')
    .option('--to <time>', 'ISO time')
    .option('--agent <agentId>')
    .option('--effect <effect>', 'allow, deny or require_approval')
    .option('--kind <kind>', 'decision or change')
    .action(async (options: Filters & { from?: string; to?: string; limit: string; cursor?: string }, command: Command) => {
      const connection = connect(io, command);
      const page = await connection.api.get<{ items: AuditRecord[]; nextCursor?: string }>(connection.tenantPath('/audit'), {
        ...query(options),
        from: options.from,
        to: options.to,
        limit: options.limit,
        cursor: options.cursor,
      });
      connection.print(page, (answer) => pageTable(answer, columns));
    });

  audit
    .command('tail')
    .description('Follow new records as they are written, one line each, oldest first (Ctrl-C stops)')
    .option('--agent <agentId>')
    .option('--effect <effect>')
    .option('--kind <kind>')
    .option('--interval <seconds>', 'how often to ask for new records', '2')
    .option('--since <time>', 'start from this ISO time instead of now')
    .option('--count <n>', 'stop after this many records')
    .action(async (options: Filters & { interval: string; since?: string; count?: string }, command: Command) => {
      const connection = connect(io, command);
      const intervalMs = Number(options.interval) * 1000;
      if (!(intervalMs >= 200 && intervalMs <= 3_600_000)) throw new UsageError('--interval is 0.2 to 3600 seconds');
      const limit = options.count === undefined ? Infinity : Number(options.count);
      const json = connection.output === 'json';
      let from = options.since ?? new Date().toISOString();
      // Records of the same millisecond as `from` come again on the next poll: remember the ids printed there.
      let seenAtFrom = new Set<string>();
      let printed = 0;
      for (;;) {
        const records = (await recordsSince(connection, from, options)).filter((record) => !seenAtFrom.has(record.id));
        for (const record of records) {
          io.out(json ? JSON.stringify(record) : columns.map((column) => column.get(record) ?? '-').join('  '));
          if (++printed >= limit) return;
        }
        const last = records[records.length - 1];
        if (last) {
          if (last.at !== from) seenAtFrom = new Set();
          from = last.at;
          for (const record of records) if (record.at === from) seenAtFrom.add(record.id);
        }
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
    });
}
