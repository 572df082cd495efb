/**
 * The one way Warden's adapters write transactions. Items on tables with a stream go first:
 * DynamoDB Local (3.3.0) corrupts the stream record of a transaction whose first item is on a
 * table without a stream (reads fail with TrimmedDataAccessException; docs/decisions/
 * dynamodb-local-quirks.md). The order does not matter to DynamoDB itself, and failed-condition
 * indexes are mapped back to the caller's order.
 */
import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { WardenError } from '../../kernel/errors';
import { translateErrors } from './sdk-errors';

export type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

const tableOf = (item: TransactItem): string | undefined => (item.Put ?? item.Update ?? item.Delete ?? item.ConditionCheck)?.TableName;

/** Runs `items` as one transaction; `onConditionFailed` gets the failed indexes in the caller's order. */
export async function transactWrite(
  client: DynamoDBDocumentClient,
  items: readonly TransactItem[],
  options: { streamedTables: ReadonlySet<string>; onConditionFailed?: (failedIndexes: number[]) => WardenError },
): Promise<void> {
  const order = items.map((_, index) => index);
  order.sort((a, b) => rank(items[a]) - rank(items[b]) || a - b);
  function rank(item: TransactItem | undefined) {
    return item && options.streamedTables.has(tableOf(item) ?? '') ? 0 : 1;
  }
  await translateErrors(
    () => client.send(new TransactWriteCommand({ TransactItems: order.map((index) => items[index] as TransactItem) })),
    options.onConditionFailed && ((failed) => options.onConditionFailed!(failed.map((position) => order[position] ?? position))),
  );
}
