/**
 * The `warden` command tree (commander): global options for the server and caller, `-o table|json`
 * on every command that prints, and one module per area under commands/. Subcommands inherit
 * `exitOverride`, so main.ts decides every exit code.
 */
import { Command, Option } from 'commander';
import { agentCommands } from './commands/agents';
import { approvalCommands } from './commands/approvals';
import { auditCommands } from './commands/audit';
import { completionCommand } from './commands/completion';
import { engineCommands } from './commands/engine';
import { incidentCommands } from './commands/incidents';
import { loginCommands } from './commands/login';
import { policyCommands } from './commands/policy';
import { reportCommands } from './commands/reports';
import { simulateCommand } from './commands/simulate';
import type { Io } from './support/context';

/** Adds `-o, --output` to every leaf command that prints and has no `-o` of its own (billing export's `-o` is its file). */
function addOutputOption(command: Command) {
  if (command.commands.length === 0) {
    if (!['completion', 'serve'].includes(command.name()) && !command.options.some((option) => option.short === '-o'))
      command.addOption(
        new Option('-o, --output <format>', 'table for people, json for scripts').choices(['table', 'json']).default('table'),
      );
    return;
  }
  for (const sub of command.commands) addOutputOption(sub);
}

/** The program, printing through `io`; `exitOverride` lets main decide exit codes. */
export function createProgram(io: Io): Command {
  const program = new Command('warden')
    .description('Warden: govern your AI agents from the command line')
    .version('0.1.0')
    .option('--url <url>', 'the Warden server (default: WARDEN_URL, then the profile)')
    .option('--token <token>', 'an operator token (default: WARDEN_TOKEN, then the profile)')
    .option('--profile <name>', 'a saved profile (default: the current one)')
    .option('--tenant <id>', "the tenant (default: the token's)")
    .option('--timeout <seconds>', 'limit of each call to the server', '30')
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeOut: (text) => io.out(text.trimEnd()), writeErr: (text) => io.err(text.trimEnd()) })
    .exitOverride();
  loginCommands(io, program);
  policyCommands(io, program);
  agentCommands(io, program);
  approvalCommands(io, program);
  auditCommands(io, program);
  simulateCommand(io, program);
  reportCommands(io, program);
  incidentCommands(io, program);
  engineCommands(io, program);
  completionCommand(io, program);
  addOutputOption(program);
  return program;
}
