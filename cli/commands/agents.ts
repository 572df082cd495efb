/** `warden agents …`: the tenant's agents, their keys and lifecycle. */
import type { Command } from 'commander';
import { connect, type Io, UsageError } from '../support/context';
import { type Column, fields, pageTable } from '../support/output';
import { paged } from '../support/paging';

interface Agent {
  id: string;
  name: string;
  team: string;
  role: string;
  environment: string;
  owner: string;
  status: string;
  lastSeenAt?: string;
  labels: Record<string, string>;
  keys?: { keyId: string; expiresAt: string }[];
}

const AGENT_COLUMNS: readonly Column<Agent>[] = [
  { header: 'id', get: (agent) => agent.id },
  { header: 'name', get: (agent) => agent.name },
  { header: 'team', get: (agent) => agent.team },
  { header: 'role', get: (agent) => agent.role },
  { header: 'env', get: (agent) => agent.environment },
  { header: 'status', get: (agent) => agent.status },
  { header: 'last seen', get: (agent) => agent.lastSeenAt },
];

const agentFields = (agent: Agent) =>
  fields([
    ['id', agent.id],
    ['name', agent.name],
    ['team', agent.team],
    ['role', agent.role],
    ['environment', agent.environment],
    ['owner', agent.owner],
    ['status', agent.status],
    ['last seen', agent.lastSeenAt],
    ['labels', Object.entries(agent.labels ?? {}).map(([key, value]) => `${key}=${value}`)],
    ['keys', (agent.keys ?? []).map((key) => `${key.keyId} (expires ${key.expiresAt})`)],
  ]);

/** `k=v` options into a record. */
function labelsOf(pairs: readonly string[] = []): Record<string, string> {
  return Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.indexOf('=');
      if (at < 1) throw new UsageError(`--label ${pair}: write key=value`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function agentCommands(io: Io, program: Command) {
  const agents = program.command('agents').description("The tenant's agents");

  paged(agents.command('ls'), 'agents')
    .description('List agents, newest first, a page at a time')
    .option('--team <team>')
    .option('--role <role>')
    .option('--environment <env>')
    .option('--status <status>', 'active, suspended or decommissioned')
    .option('--inactive-since-days <n>', 'only agents not seen for this many days')
    .action(async (options: Record<string, string | undefined>, command: Command) => {
      const connection = connect(io, command);
      const page = await connection.api.get<{ items: Agent[]; nextCursor?: string }>(connection.tenantPath('/agents'), {
        team: options.team,
        role: options.role,
        environment: options.environment,
        status: options.status,
        inactiveSinceDays: options.inactiveSinceDays,
        limit: options.limit,
        cursor: options.cursor,
      });
      connection.print(page, (answer) => pageTable(answer, AGENT_COLUMNS));
    });

  agents
    .command('show')
    .description('One agent')
    .argument('<agentId>')
    .action(async (agentId: string, _options: unknown, command: Command) => {
      const connection = connect(io, command);
      connection.print(await connection.api.get<Agent>(connection.tenantPath(`/agents/${encodeURIComponent(agentId)}`)), agentFields);
    });

  agents
    .command('register')
    .description('Register an agent; its API key is printed once')
    .requiredOption('--name <name>')
    .requiredOption('--team <team>')
    .requiredOption('--role <role>')
    .requiredOption('--environment <env>')
    .requiredOption('--owner <sub>', 'the responsible operator')
    .option('--description <text>')
    .option('--label <key=value>', 'a label (repeatable)', collect)
    .action(async (options: Record<string, string> & { label?: string[] }, command: Command) => {
      const connection = connect(io, command);
      const { label, ...given } = options;
      const registered = await connection.api.post<{ agent: Agent; apiKey: string }>(connection.tenantPath('/agents'), {
        name: given.name,
        team: given.team,
        role: given.role,
        environment: given.environment,
        owner: given.owner,
        ...(given.description ? { description: given.description } : {}),
        ...(label ? { labels: labelsOf(label) } : {}),
      });
      connection.print(
        registered,
        ({ agent, apiKey }) => `${agentFields(agent)}\napi key: ${apiKey}\n(shown only now: store it in the agent's secrets)`,
      );
    });

  agents
    .command('rotate-key')
    .description('Issue a new key; earlier keys keep working for the grace period')
    .argument('<agentId>')
    .option('--grace-minutes <n>', 'how long earlier keys stay valid')
    .action(async (agentId: string, options: { graceMinutes?: string }, command: Command) => {
      const connection = connect(io, command);
      const rotated = await connection.api.post<{ agent: Agent; apiKey: string }>(
        connection.tenantPath(`/agents/${encodeURIComponent(agentId)}/rotate-key`),
        options.graceMinutes === undefined ? {} : { graceMinutes: Number(options.graceMinutes) },
      );
      connection.print(rotated, ({ apiKey }) => `api key: ${apiKey}\n(shown only now)`);
    });

  for (const [verb, what] of [
    ['suspend', 'Suspend an agent: its requests are refused until reinstated'],
    ['reinstate', 'Reinstate a suspended agent'],
    ['decommission', 'Decommission an agent: its keys, grants and pending approvals are revoked at once'],
  ] as const) {
    agents
      .command(verb)
      .description(what)
      .argument('<agentId>')
      .option('--reason <text>')
      .action(async (agentId: string, options: { reason?: string }, command: Command) => {
        const connection = connect(io, command);
        const agent = await connection.api.post<Agent>(
          connection.tenantPath(`/agents/${encodeURIComponent(agentId)}/${verb}`),
          options.reason ? { reason: options.reason } : {},
        );
        connection.print(agent, (answer) => `${answer.id ?? agentId}: ${answer.status ?? verb}`);
      });
  }
}
