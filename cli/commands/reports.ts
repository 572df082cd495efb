/** `warden usage`, `warden billing export` and `warden maturity`: what finance and executives read. */
import type { Command } from 'commander';
import { ApiError } from '../support/api-client';
import { connect, type Io, UsageError } from '../support/context';
import { downloadTo } from '../support/download';
import { fields, table } from '../support/output';

const thisMonth = () => new Date().toISOString().slice(0, 7);
const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

interface UsageRow {
  decisions: number;
  allowed: number;
  denied: number;
  approvalsRequired: number;
}

export function reportCommands(io: Io, program: Command) {
  program
    .command('usage')
    .description("The month's metered decisions by team, agent and day")
    .option('--period <YYYY-MM>', 'the month', thisMonth())
    .option('--by <what>', 'team, agent or day', 'team')
    .action(async (options: { period: string; by: 'team' | 'agent' | 'day' }, command: Command) => {
      const connection = connect(io, command);
      const usage = await connection.api.get<{
        period: string;
        totals: UsageRow & { activeAgents: number };
        byTeam: (UsageRow & { team: string })[];
        byAgent: (UsageRow & { agentId: string })[];
        byDay: (UsageRow & { day: string })[];
      }>(connection.tenantPath('/usage'), { period: options.period });
      const groups = { team: usage.byTeam, agent: usage.byAgent, day: usage.byDay };
      const rows: (UsageRow & { key: string })[] = (groups[options.by] ?? usage.byTeam).map((row) => ({
        ...row,
        key: 'team' in row ? row.team : 'agentId' in row ? row.agentId : row.day,
      }));
      connection.print(usage, () =>
        [
          `${usage.period}: ${usage.totals.decisions} decisions (${usage.totals.allowed} allowed, ${usage.totals.denied} denied), ${usage.totals.activeAgents} active agents`,
          table(rows, [
            { header: options.by, get: (row) => row.key },
            { header: 'decisions', get: (row) => row.decisions },
            { header: 'allowed', get: (row) => row.allowed },
            { header: 'denied', get: (row) => row.denied },
            { header: 'approvals', get: (row) => row.approvalsRequired },
          ]),
        ].join('\n'),
      );
    });

  const billing = program.command('billing').description("The tenant's billing lines");
  billing
    .command('export')
    .description("Download the month's billing lines (FOCUS CSV by default) to a file")
    .requiredOption('--period <YYYY-MM>', 'the month')
    .requiredOption('-o, --out <file>', 'where to write it')
    .option('--format <format>', 'csv or json', 'csv')
    .action(async (options: { period: string; out: string; format: string }, command: Command) => {
      if (!PERIOD.test(options.period)) throw new UsageError('--period is a month, YYYY-MM');
      const connection = connect(io, command);
      const response = await connection.api.raw(connection.tenantPath('/billing/export'), {
        period: options.period,
        format: options.format,
      });
      let body = response;
      if ((response.headers.get('content-type') ?? '').includes('json') && options.format === 'csv') {
        // A large export answers with a link to the file instead of the file.
        const answer = (await response.json()) as { download?: { url?: string } };
        if (!answer.download?.url) throw new ApiError(502, 'unexpected_answer', 'The export answered JSON without a download link');
        io.err('large export: downloading from its link');
        body = await fetch(answer.download.url, { signal: AbortSignal.timeout(600_000) });
        if (!body.ok) throw new ApiError(body.status, 'download_failed', `The export's link answered ${body.status}`);
      }
      const bytes = await downloadTo(body, options.out, io.progress);
      io.out(`wrote ${bytes} bytes to ${options.out}`);
    });

  program
    .command('maturity')
    .description("The tenant's governance maturity: level, criteria and next steps")
    .option('--history', 'also the weekly snapshots')
    .action(async (options: { history?: boolean }, command: Command) => {
      const connection = connect(io, command);
      const maturity = await connection.api.get<{
        level: number;
        name: string;
        score: number;
        criteria: { id: string; level: number; title: string; met: boolean }[];
        nextSteps?: { title?: string; howTo?: string; id?: string }[];
        history?: { week: string; level: number; score: number }[];
      }>(connection.tenantPath('/maturity'), { history: options.history ? 'true' : undefined });
      connection.print(maturity, (answer) =>
        [
          fields([
            ['level', `${answer.level} (${answer.name})`],
            ['score', answer.score],
          ]),
          table(
            answer.criteria,
            [
              { header: 'level', get: (row) => row.level },
              { header: 'met', get: (row) => (row.met ? 'yes' : 'no') },
              { header: 'criterion', get: (row) => row.title },
            ],
            90,
          ),
          ...(answer.nextSteps?.length
            ? ['next steps:', ...answer.nextSteps.slice(0, 5).map((step, index) => `  ${index + 1}. ${step.title ?? step.id}`)]
            : []),
          ...(answer.history?.length
            ? ['history:', ...answer.history.map((week) => `  ${week.week}: level ${week.level}, score ${week.score}`)]
            : []),
        ].join('\n'),
      );
    });
}
