/** `warden simulate`: what the policies would decide for an agent and a request, explained; nothing is recorded. */
import type { Command } from 'commander';
import { connect, type Io, UsageError } from '../support/context';
import { fields } from '../support/output';

interface Simulation {
  effect: string;
  reason: string;
  rule?: { id: string; scope: string; version: number };
  warnings?: { message: string }[];
}

export function simulateCommand(io: Io, program: Command) {
  program
    .command('simulate')
    .description('Decide a request for an agent (by id or by attributes) without recording it')
    .option('--agent <agentId>', 'an existing agent')
    .option('--team <team>', 'or a hypothetical agent: its team')
    .option('--role <role>', '… its role')
    .option('--environment <env>', '… its environment')
    .requiredOption('--action <action>')
    .option('--tool <tool>')
    .option('--resource <resource>')
    .option('--context <json>', 'the request context, as JSON')
    .option('--candidate <scope@version>', 'decide with this draft version in place')
    .action(async (options: Record<string, string | undefined>, command: Command) => {
      const connection = connect(io, command);
      const hypothetical = options.team ?? options.role ?? options.environment;
      if ((options.agent === undefined) === (hypothetical === undefined))
        throw new UsageError('give --agent, or --team, --role and --environment');
      let context: unknown;
      if (options.context !== undefined) {
        try {
          context = JSON.parse(options.context);
        } catch {
          throw new UsageError('--context must be JSON');
        }
      }
      let candidate: { scope: string; version: number } | undefined;
      if (options.candidate !== undefined) {
        const at = options.candidate.lastIndexOf('@');
        candidate = { scope: options.candidate.slice(0, at), version: Number(options.candidate.slice(at + 1)) };
        if (at < 1 || !Number.isInteger(candidate.version)) throw new UsageError('--candidate is scope@version, e.g. team:support@3');
      }
      const request = { action: options.action, tool: options.tool, resource: options.resource, context };
      const decision = await connection.api.post<Simulation>(connection.tenantPath('/simulate'), {
        ...(options.agent
          ? { agentId: options.agent }
          : { agent: { team: options.team, role: options.role, environment: options.environment } }),
        request: JSON.parse(JSON.stringify(request)) as unknown,
        ...(candidate ? { candidate } : {}),
      });
      connection.print(decision, (answer) =>
        fields([
          ['effect', answer.effect],
          ['rule', answer.rule ? `${answer.rule.id} (${answer.rule.scope} v${answer.rule.version})` : undefined],
          ['reason', answer.reason],
          ...(answer.warnings?.length ? [['warnings', answer.warnings.map((warning) => warning.message)] as const] : []),
        ]),
      );
    });
}
