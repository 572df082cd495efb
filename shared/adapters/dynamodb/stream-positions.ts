/**
 * The stream positions a counter item keeps per audit shard (`s0`…`s7`, shared/audit/audit-stream-positions.ts),
 * as DynamoDB expressions: the condition and the moves of a conditional update, and the read that
 * gives them back after a refused write. The usage meter's and the metrics rollup's stores share them.
 */
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { AUDIT_SHARDS } from '../../audit/audit-shards';
import type { ShardRange } from '../../audit/audit-stream-positions';
import type { ItemKey } from './keys';
import { translateErrors } from './sdk-errors';

/** The attribute holding the last sequence added from an audit shard. */
const positionName = (shard: number) => `s${shard}`;
const ALL_POSITIONS = Object.fromEntries(Array.from({ length: AUDIT_SHARDS }, (_, shard) => [`#s${shard}`, positionName(shard)]));

/**
 * The parts of an update that adds a run only if each of its shards' positions is before the run's
 * first record, and moves them to its last (placeholders `#s<n>`, `:first<n>`, `:last<n>`).
 */
export function positionTerms(shards: readonly ShardRange[]) {
  const names: Record<string, string> = {};
  const values: Record<string, string> = {};
  const conditions: string[] = [];
  const sets: string[] = [];
  for (const { shard, first, last } of shards) {
    names[`#s${shard}`] = positionName(shard);
    values[`:first${shard}`] = first;
    values[`:last${shard}`] = last;
    conditions.push(`(attribute_not_exists(#s${shard}) OR #s${shard} < :first${shard})`);
    sets.push(`#s${shard} = :last${shard}`);
  }
  return { names, values, condition: conditions.join(' AND '), sets };
}

/** An item's positions per audit shard (strongly consistent); shards never added to are absent. */
export async function readPositions(client: DynamoDBDocumentClient, table: string, key: ItemKey): Promise<Map<number, string>> {
  const { Item } = await translateErrors(() =>
    client.send(
      new GetCommand({
        TableName: table,
        Key: key,
        ConsistentRead: true,
        ProjectionExpression: Object.keys(ALL_POSITIONS).join(', '),
        ExpressionAttributeNames: ALL_POSITIONS,
      }),
    ),
  );
  const positions = new Map<number, string>();
  for (const [name, value] of Object.entries(Item ?? {}))
    if (/^s\d+$/.test(name) && typeof value === 'string') positions.set(Number(name.slice(1)), value);
  return positions;
}

/** True when DynamoDB refused a conditional write because its condition failed. */
export const isConditionFailed = (error: unknown): boolean => (error as { name?: string }).name === 'ConditionalCheckFailedException';
