/**
 * `warden engine serve`: a department's local decision point (packages/evaluator's decision point)
 * on this host, answering `/v1/authorize` for many agents, each with its own key, bundle and decision
 * log, until it is stopped (SIGINT or SIGTERM), when it ships what it can before exiting.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { createDecisionPoint } from '../../packages/evaluator/src';
import { type GlobalOptions, type Io, UsageError } from '../support/context';
import { resolveTarget } from '../support/profiles';

/** A whole number within bounds, from an option's text. */
function wholeNumber(text: string, name: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new UsageError(`${name} must be a whole number from ${min} to ${max}`);
  return value;
}

export function engineCommands(io: Io, program: Command) {
  const engine = program.command('engine').description("A local decision point for a department's agents");
  engine
    .command('serve')
    .description('Decide locally for many agents on this host (POST /v1/authorize with each agent’s key); ships every decision to Warden')
    .option('--port <port>', 'port to listen on (0: any free one)', '8181')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--log-dir <dir>', "where the agents' decision logs are kept (one directory per agent)", '.warden-engine')
    .option('--max-agents <n>', 'agents served at most', '1000')
    .option('--poll <ms>', 'how often each bundle is checked for changes', '1000')
    .action(async (options: Record<string, string>, command: Command) => {
      const target = resolveTarget(io.env, command.optsWithGlobals<GlobalOptions>());
      if (!target.url) throw new UsageError('No server: pass --url, run warden login --url <url>, or set WARDEN_URL');
      const logDirectory = resolve(options.logDir!);
      const point = createDecisionPoint({
        url: target.url,
        logDirectory,
        maxAgents: wholeNumber(options.maxAgents!, '--max-agents', 1, 100_000),
        pollIntervalMs: wholeNumber(options.poll!, '--poll', 100, 300_000),
      });
      const url = await point.listen(wholeNumber(options.port!, '--port', 0, 65_535), options.host);
      io.out(`Decision point listening on ${url} for ${target.url} (decision logs in ${logDirectory}); Ctrl-C stops it`);
      await new Promise<void>((stopped) => {
        process.once('SIGINT', () => stopped());
        process.once('SIGTERM', () => stopped());
      });
      await point.close();
      io.out('Stopped; decisions not yet accepted by Warden stay in the logs and ship at the next start');
    });
}
