/**
 * What a real DynamoDB client spends: a middleware on its stack asks DynamoDB for the consumed
 * capacity of every call (`ReturnConsumedCapacity: INDEXES`) and adds it up, with the calls made,
 * so the cost of Warden's real writes (table and index) is read from DynamoDB rather than assumed.
 * DynamoDB Local under-reports transactions (it answers two units for a TransactWriteItems of any
 * number of small items), so transactions are counted by DynamoDB's rules instead: each item put
 * or updated (read back after the write) costs its write units twice, in the table and in every
 * index it belongs to.
 * A second middleware can answer every call at once without a round trip, to time the code's own
 * work (marshalling and serialising included) apart from the database's.
 */
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { itemSize, writeUnits } from './item-size';

const READS = new Set(['GetItemCommand', 'QueryCommand', 'ScanCommand', 'BatchGetItemCommand', 'TransactGetItemsCommand']);

interface Capacity {
  readonly CapacityUnits?: number;
  readonly Table?: { readonly CapacityUnits?: number };
  readonly GlobalSecondaryIndexes?: Record<string, { readonly CapacityUnits?: number }>;
}

/** Units and calls since the last reset. */
export interface CapacityTally {
  /** Calls by command name (`PutItemCommand`, ...). */
  readonly calls: Record<string, number>;
  /** Read request units (table and indexes). */
  readonly readUnits: number;
  /** Write request units of the tables themselves. */
  readonly tableWriteUnits: number;
  /** Write request units of global secondary indexes. */
  readonly indexWriteUnits: number;
}

/** How transactions are counted by rule: a client that reads items back unmetered, and each table's index key attributes. */
export interface TransactionRules {
  readonly reader: DynamoDBDocumentClient;
  /** Per table name: the key attributes of each of its global secondary indexes (projection ALL). */
  readonly indexKeys: Readonly<Record<string, readonly (readonly string[])[]>>;
}

interface TransactItemInput {
  readonly Put?: { readonly TableName: string; readonly Item: Record<string, unknown> };
  readonly Update?: { readonly TableName: string; readonly Key: Record<string, unknown> };
}

export function meterCapacity(client: DynamoDBDocumentClient, rules: TransactionRules) {
  let calls: Record<string, number> = {};
  let readUnits = 0;
  let tableWriteUnits = 0;
  let indexWriteUnits = 0;

  const add = (command: string, consumed: Capacity | readonly Capacity[] | undefined) => {
    const list: readonly Capacity[] = consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed as Capacity];
    for (const capacity of list) {
      const indexes = Object.values(capacity.GlobalSecondaryIndexes ?? {}).reduce(
        (sum: number, index) => sum + (index.CapacityUnits ?? 0),
        0,
      );
      const table = capacity.Table?.CapacityUnits ?? (capacity.CapacityUnits ?? 0) - indexes;
      if (READS.has(command)) readUnits += table + indexes;
      else {
        tableWriteUnits += table;
        indexWriteUnits += indexes;
      }
    }
  };

  /** A transaction's units by rule, from the items as they are after it. */
  const addTransaction = async (items: readonly TransactItemInput[]) => {
    for (const entry of items) {
      const table = entry.Put?.TableName ?? entry.Update?.TableName;
      if (table === undefined) continue;
      const item = entry.Put
        ? entry.Put.Item
        : (await rules.reader.send(new GetCommand({ TableName: table, Key: entry.Update!.Key, ConsistentRead: true }))).Item;
      if (!item) continue;
      const units = writeUnits(itemSize(item), { transactional: true });
      tableWriteUnits += units;
      for (const keys of rules.indexKeys[table] ?? []) if (keys.every((key) => item[key] !== undefined)) indexWriteUnits += units;
    }
  };

  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName);
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity = 'INDEXES';
      const result = await next(args);
      calls[command] = (calls[command] ?? 0) + 1;
      if (command === 'TransactWriteItemsCommand') await addTransaction(input.TransactItems as TransactItemInput[]);
      else add(command, (result.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity);
      return result;
    },
    { step: 'initialize', name: 'wardenCostCapacityMeter' },
  );

  return {
    /** What was spent since the last reset. */
    tally: (): CapacityTally => ({ calls: { ...calls }, readUnits, tableWriteUnits, indexWriteUnits }),
    reset() {
      calls = {};
      readUnits = 0;
      tableWriteUnits = 0;
      indexWriteUnits = 0;
    },
  };
}

/**
 * Makes every call of `client` succeed at once with an empty answer, after the command has been
 * marshalled and serialised (the `build` step), so a timing measures Warden's own work only.
 */
export function answerInstantly(client: DynamoDBDocumentClient): void {
  client.middlewareStack.add(() => async () => ({ output: { $metadata: {} } as never, response: {} }), {
    step: 'build',
    name: 'wardenCostInstantAnswer',
    priority: 'low',
  });
}
