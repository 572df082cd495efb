/**
 * Queries that follow DynamoDB's pages (1 MB each) until the partition is read, or `limit` items
 * are, with SDK errors translated at the boundary.
 */
import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { StorePage } from '../../kernel/page';
import { recordOf } from './item-mapping';
import { translateErrors } from './sdk-errors';

type PagedQuery = Omit<QueryCommandInput, 'ExclusiveStartKey' | 'Limit'>;

/** Every item the query matches (up to `limit`), as records (key attributes removed). */
export async function queryRecords<T>(client: DynamoDBDocumentClient, input: PagedQuery, limit = Number.POSITIVE_INFINITY): Promise<T[]> {
  const records: T[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await translateErrors(() =>
      client.send(
        new QueryCommand({
          ...input,
          ...(Number.isFinite(limit) ? { Limit: limit - records.length } : {}),
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      ),
    );
    records.push(...(page.Items ?? []).map((item) => recordOf<T>(item)));
    startKey = page.LastEvaluatedKey;
  } while (startKey && records.length < limit);
  return records;
}

/**
 * One page of a partition of `table` (or of its gsi1), in sort key order (or newest first: the
 * reverse) after the sort key `page.after`: the store side of list routes (kernel/paginate.ts).
 * It reads one item beyond the page, so `more` is false on the last page even when that page is
 * exactly full (DynamoDB's own LastEvaluatedKey would say there may be more).
 */
export async function queryPage<T>(
  client: DynamoDBDocumentClient,
  table: string,
  partition: { name: 'pk' | 'gsi1pk'; value: string },
  page: { limit: number; after?: string },
  order: 'ascending' | 'descending' = 'ascending',
): Promise<StorePage<T>> {
  const sortName = partition.name === 'pk' ? 'sk' : 'gsi1sk';
  const past = order === 'ascending' ? '>' : '<';
  const result = await translateErrors(() =>
    client.send(
      new QueryCommand({
        TableName: table,
        ...(partition.name === 'gsi1pk' ? { IndexName: 'gsi1' } : {}),
        KeyConditionExpression: page.after === undefined ? '#p = :p' : `#p = :p AND #s ${past} :after`,
        ExpressionAttributeNames: { '#p': partition.name, ...(page.after === undefined ? {} : { '#s': sortName }) },
        ExpressionAttributeValues: { ':p': partition.value, ...(page.after === undefined ? {} : { ':after': page.after }) },
        ScanIndexForward: order === 'ascending',
        Limit: page.limit + 1,
      }),
    ),
  );
  const items = (result.Items ?? []).map((item) => recordOf<T>(item));
  // Without the extra item, LastEvaluatedKey means the read stopped at 1 MB: there may be more.
  return { items: items.slice(0, page.limit), more: items.length > page.limit || result.LastEvaluatedKey !== undefined };
}

/** How many items the query matches (after its filter), counted page by page. */
export async function countMatches(client: DynamoDBDocumentClient, input: PagedQuery): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await translateErrors(() =>
      client.send(new QueryCommand({ ...input, Select: 'COUNT', ...(startKey ? { ExclusiveStartKey: startKey } : {}) })),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
}
