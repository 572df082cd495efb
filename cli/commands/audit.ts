/**
 * `warden audit ls|tail`: the tenant's audit log, a page at a time or followed as it grows;
 * `warden audit verify`: an export of it checked offline against its signed digests.
 */
import { readFileSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import * as z from 'zod';
import { type SignedDigest, SignedDigestSchema } from '../../shared/audit/digest';
import { verifyAuditLog } from '../../shared/audit/digest-verify';
import { CommandFailed, connect, type Connection, type Io, UsageError } from '../support/context';
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

/** The largest file `audit verify` reads. */
const MAX_FILE_BYTES = 512 * 1024 * 1024;
/** The most records or digests it reads from one file. */
const MAX_ITEMS = 1_000_000;

/**
 * The items of a file the API or the CLI wrote: a page (`{items: [...]}`), an array, or NDJSON
 * (one JSON value a line, as `audit tail -o json` prints them).
 */
function itemsOf(file: string, what: string): unknown[] {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new UsageError(`${what}: cannot read ${file}`);
  }
  if (size > MAX_FILE_BYTES) throw new UsageError(`${what}: ${file} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB`);
  const text = readFileSync(file, 'utf8').trim();
  let items: unknown[];
  try {
    const whole = JSON.parse(text) as unknown;
    items = Array.isArray(whole) ? whole : [whole];
  } catch {
    try {
      items = text
        .split('\n')
        .filter((line) => line.trim().length > 0)
        .map((line) => JSON.parse(line) as unknown);
    } catch {
      throw new UsageError(`${what}: ${file} is neither JSON nor NDJSON`);
    }
  }
  const flat = items.flatMap((item) =>
    typeof item === 'object' && item !== null && Array.isArray((item as { items?: unknown }).items)
      ? (item as { items: unknown[] }).items
      : [item],
  );
  if (flat.length > MAX_ITEMS) throw new UsageError(`${what}: more than ${MAX_ITEMS} items in ${file}`);
  return flat;
}

const RecordSchema = z.looseObject({ at: z.iso.datetime(), id: z.string().min(1).max(200) });
const JwksSchema = z.object({ keys: z.array(z.looseObject({ kty: z.string(), kid: z.string().optional() })).max(1000) });

/** Parses `items` with `schema`, naming the file and the first bad item. */
function parsed<T>(items: unknown[], schema: z.ZodType<T>, what: string): T[] {
  return items.map((item, index) => {
    const result = schema.safeParse(item);
    if (!result.success)
      throw new UsageError(
        `${what}: item ${index + 1} is not valid (${result.error.issues[0]?.path.join('.') ?? ''}: ${result.error.issues[0]?.message ?? ''})`,
      );
    return result.data;
  });
}

/** What a digest's JWS claims (read unverified, to choose the tenant and the window). */
const claimsOfDigest = (digest: SignedDigest): { tenantId?: string; hour?: string; to?: string } => {
  try {
    return JSON.parse(Buffer.from(digest.jws.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      tenantId?: string;
      hour?: string;
      to?: string;
    };
  } catch {
    return {};
  }
};

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

  audit
    .command('verify')
    .description('Check an audit export offline against signed digests and their public keys; exit 1 on a break')
    .requiredOption('--records <file>', "the export: `audit ls -o json` pages, `audit tail -o json` lines, or the API's audit pages")
    .requiredOption('--digests <file>', 'the digests (GET /v1/tenants/{t}/audit/digests pages)')
    .requiredOption('--keys <file>', 'the public keys (GET /v1/audit/digest-keys)')
    .option('--tenant <id>', "the tenant whose log it is (default: the digests')")
    .option('--from <time>', "start of the range checked (default: the first digest's hour)")
    .option('--to <time>', "end of the range checked (default: the last digest's end)")
    .action(
      async (
        options: { records: string; digests: string; keys: string; tenant?: string; from?: string; to?: string },
        command: Command,
      ) => {
        const json = command.optsWithGlobals<{ output?: string }>().output === 'json';
        const records = parsed(itemsOf(options.records, '--records'), RecordSchema, '--records');
        const digests = parsed(itemsOf(options.digests, '--digests'), SignedDigestSchema, '--digests') as SignedDigest[];
        const [jwks] = parsed(itemsOf(options.keys, '--keys'), JwksSchema, '--keys');
        if (digests.length === 0) throw new UsageError('--digests: no digests in the file');
        const claims = digests.map(claimsOfDigest);
        const tenantId = options.tenant ?? claims[0]?.tenantId;
        const from = options.from ?? claims[0]?.hour;
        const to = options.to ?? claims[claims.length - 1]?.to;
        if (!tenantId || !from || !to) throw new UsageError('Give --tenant, --from and --to: the digests do not say them');
        for (const [name, value] of [
          ['--from', from],
          ['--to', to],
        ] as const)
          if (Number.isNaN(Date.parse(value))) throw new UsageError(`${name} is not an ISO time`);
        const result = await verifyAuditLog({ tenantId, window: { from, to }, records, digests, jwks: jwks as never });
        if (json) io.out(JSON.stringify(result, null, 2));
        else if (result.verified)
          io.out(`verified: ${result.records} records against ${result.digests} digests (${result.unsealed} not sealed yet)`);
        else {
          const broken = result.firstBreak!;
          io.out(
            `BREAK ${broken.kind} at ${broken.at}${broken.recordId ? ` record ${broken.recordId}` : ''}${broken.sequence ? ` digest ${broken.sequence}` : ''}`,
          );
          io.out(broken.reason);
        }
        if (!result.verified) throw new CommandFailed(`the audit log does not match its digests: ${result.firstBreak!.kind}`);
      },
    );
}
