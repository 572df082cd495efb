/**
 * The one way Warden's adapters read many items by key: BatchGetItem with up to 100 keys per call
 * (the chunks read at once), asking again for the keys DynamoDB leaves unprocessed (under load, or
 * past 16 MB of answer) for a bounded number of rounds with a growing delay between them. One
 * round trip where a GetItem per key made one each.
 */
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DependencyUnavailableError } from '../../kernel/errors';
import { backoffMs, realSleep } from '../../kernel/retry';
import type { ItemKey } from './keys';
import { translateErrors } from './sdk-errors';

/** Keys per BatchGetItem call (DynamoDB's limit). */
export const KEYS_PER_BATCH_GET = 100;

/** Rounds of one chunk, the first included, before its unprocessed keys fail the read. */
export const BATCH_GET_ROUNDS = 5;

export interface BatchGetOptions {
  /** What the keys name, for the error when some stay unread ("audit keys"). */
  readonly what: string;
  readonly consistentRead?: boolean;
  /** Attributes to read (a projection expression of plain names); all when absent. */
  readonly projection?: string;
  /** Where a wait between rounds goes (tests pass one that does not sleep). */
  readonly sleep?: (ms: number) => Promise<void>;
}

type Item = Record<string, unknown>;

/**
 * The items found under `keys` in `table`, in no particular order; keys without an item give none.
 * A key given twice is read once (DynamoDB refuses a batch that names a key twice).
 */
export async function batchGet(
  client: DynamoDBDocumentClient,
  table: string,
  keys: readonly ItemKey[],
  options: BatchGetOptions,
): Promise<Item[]> {
  const sleep = options.sleep ?? realSleep;
  const found: Item[] = [];
  const unique = [...new Map(keys.map((key) => [`${key.pk}\u0000${key.sk}`, key])).values()];
  const chunks: ItemKey[][] = [];
  for (let index = 0; index < unique.length; index += KEYS_PER_BATCH_GET) chunks.push(unique.slice(index, index + KEYS_PER_BATCH_GET));
  await Promise.all(
    chunks.map(async (chunk) => {
      let pending: Item[] = chunk.map((key) => ({ ...key }));
      for (let round = 1; pending.length > 0; round++) {
        if (round > BATCH_GET_ROUNDS) throw new DependencyUnavailableError(`${pending.length} ${options.what} could not be read`);
        if (round > 1) await sleep(backoffMs(round - 1, 25, 400, Math.random));
        const request = {
          Keys: pending,
          ...(options.consistentRead ? { ConsistentRead: true } : {}),
          ...(options.projection ? { ProjectionExpression: options.projection } : {}),
        };
        const result = await translateErrors(() => client.send(new BatchGetCommand({ RequestItems: { [table]: request } })));
        found.push(...(result.Responses?.[table] ?? []));
        pending = (result.UnprocessedKeys?.[table]?.Keys ?? []) as Item[];
      }
    }),
  );
  return found;
}
