/**
 * A TenantClients double that records which client each store call used and checks each call as
 * the tenant access role's policy would on AWS (infra/cdk/tenant-access-role.ts): a tenant's
 * client may touch only items whose partition key is the tenant id or begins with `<id>#` (tables
 * and indexes); any session may read the shared partitions (items only, no index); the platform
 * client is the function's own credentials, which a tenant-scoped function does not have. Calls
 * go on to a real client (DynamoDB Local) or get an answer from `respond`.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SHARED_READ_PARTITIONS } from '../../infra/cdk/shared-read-partitions';
import type { TenantClients } from '../../shared/adapters/dynamodb/tenant-clients';
import type { TableId } from '../../shared/manifest/tables';

/** Which client a call went through: `tenant:<id>`, `shared` or `platform`. */
export type ClientName = `tenant:${string}` | 'shared' | 'platform';

/** One item (or partition) a call touches. */
export interface KeyUse {
  readonly table: string;
  readonly index?: string;
  readonly key: string;
}

export interface ClientCall {
  readonly client: ClientName;
  readonly command: string;
  readonly writes: boolean;
  readonly keys: readonly KeyUse[];
  /** Why the tenant role would refuse it; undefined when allowed. */
  readonly refused?: string;
}

type Json = Record<string, any>;
type Command = { constructor: { name: string }; input: Json };

const READS = new Set(['GetCommand', 'QueryCommand', 'BatchGetCommand', 'TransactGetCommand']);

/** The partition key value of a query: the `<pk name> = :value` clause of its key condition. */
function queriedPartition(input: Json): string {
  const names: Record<string, string> = input.ExpressionAttributeNames ?? {};
  const pkName = input.IndexName ? 'gsi1pk' : 'pk';
  for (const clause of String(input.KeyConditionExpression).split(/\s+AND\s+/i)) {
    const match = /^\s*(#?\w+)\s*=\s*(:\w+)\s*$/.exec(clause);
    if (match && (names[match[1]!] ?? match[1]) === pkName) return String(input.ExpressionAttributeValues?.[match[2]!]);
  }
  throw new Error(`No partition key condition in ${input.KeyConditionExpression}`);
}

/** The items or partitions a command touches; throws on a command the tenant role does not allow at all (Scan, ...). */
function keysOf(command: Command): KeyUse[] {
  const input = command.input;
  switch (command.constructor.name) {
    case 'GetCommand':
    case 'DeleteCommand':
    case 'UpdateCommand':
      return [{ table: input.TableName, key: input.Key.pk }];
    case 'PutCommand':
      return [{ table: input.TableName, key: input.Item.pk }];
    case 'QueryCommand':
      return [{ table: input.TableName, ...(input.IndexName ? { index: input.IndexName } : {}), key: queriedPartition(input) }];
    case 'BatchGetCommand':
      return Object.entries(input.RequestItems as Record<string, { Keys: Json[] }>).flatMap(([table, { Keys }]) =>
        Keys.map((key) => ({ table, key: key.pk })),
      );
    case 'BatchWriteCommand':
      return Object.entries(input.RequestItems as Record<string, Json[]>).flatMap(([table, requests]) =>
        requests.map((request) => ({ table, key: (request.PutRequest ? request.PutRequest.Item : request.DeleteRequest.Key).pk })),
      );
    case 'TransactWriteCommand':
      return (input.TransactItems as Json[]).map((item) => {
        const operation = item.Put ?? item.Update ?? item.Delete ?? item.ConditionCheck;
        return { table: operation.TableName, key: (operation.Item ?? operation.Key).pk };
      });
    case 'TransactGetCommand':
      return (input.TransactItems as Json[]).map((item) => ({ table: item.Get.TableName, key: item.Get.Key.pk }));
    default:
      throw new Error(`${command.constructor.name} is not allowed by the tenant access role`);
  }
}

/** Why the tenant role would refuse this call, or undefined when it allows it. */
function refusal(
  client: ClientName,
  writes: boolean,
  keys: readonly KeyUse[],
  sharedOf: (table: string) => readonly string[],
): string | undefined {
  if (client === 'platform') return 'the platform client: a tenant-scoped function has no table access of its own';
  const shared = (use: KeyUse) =>
    !writes && use.index === undefined && sharedOf(use.table).some((pattern) => use.key.startsWith(pattern.slice(0, -1)));
  const tenantId = client === 'shared' ? undefined : client.slice('tenant:'.length);
  const own = (use: KeyUse) => tenantId !== undefined && (use.key === tenantId || use.key.startsWith(`${tenantId}#`));
  const outside = keys.filter((use) => !own(use) && !shared(use));
  return outside.length > 0
    ? `${client} ${writes ? 'writes' : 'reads'} ${outside.map((use) => `${use.table}${use.index ? `/${use.index}` : ''}:${use.key}`).join(', ')}`
    : undefined;
}

export interface TenantRoleEmulator {
  readonly clients: TenantClients;
  /** Every call, in order. */
  readonly calls: ClientCall[];
  /** The calls the tenant role would refuse. */
  refused(): ClientCall[];
  reset(): void;
}

/**
 * Emulates the tenant role over `target` (a real client) or `respond` (canned answers).
 * `tables` maps table ids to the physical names the stores use. With `enforce`, a refused call
 * throws AccessDeniedException as IAM would, instead of going on.
 */
export function emulateTenantRole(options: {
  tables: Readonly<Record<TableId, string>>;
  target?: DynamoDBDocumentClient;
  respond?: (command: Command) => unknown;
  enforce?: boolean;
}): TenantRoleEmulator {
  const calls: ClientCall[] = [];
  const idOf = new Map(Object.entries(options.tables).map(([id, name]) => [name, id as TableId]));
  const sharedOf = (table: string) => SHARED_READ_PARTITIONS[idOf.get(table) as TableId] ?? [];
  const clientFor = (client: ClientName) =>
    ({
      async send(command: Command) {
        const name = command.constructor.name;
        const writes = !READS.has(name);
        const keys = keysOf(command);
        const refused = refusal(client, writes, keys, sharedOf);
        calls.push({ client, command: name, writes, keys, ...(refused ? { refused } : {}) });
        if (refused && options.enforce)
          throw Object.assign(new Error(`User is not authorized: ${refused}`), {
            name: 'AccessDeniedException',
            $metadata: { httpStatusCode: 400 },
          });
        if (options.target) return options.target.send(command as never);
        return options.respond?.(command) ?? {};
      },
    }) as unknown as DynamoDBDocumentClient;
  const tenants = new Map<string, DynamoDBDocumentClient>();
  const shared = clientFor('shared');
  const platform = clientFor('platform');
  return {
    clients: {
      forTenant(tenantId) {
        let client = tenants.get(tenantId);
        if (!client) tenants.set(tenantId, (client = clientFor(`tenant:${tenantId}`)));
        return client;
      },
      shared,
      platform,
    },
    calls,
    refused: () => calls.filter((call) => call.refused !== undefined),
    reset: () => calls.splice(0),
  };
}
