/**
 * The platform's operational notes in the control table, in one partition that belongs to no
 * tenant (`~platform#OPS`): a stream take per consumer and process (`stream#<consumer>#<instance>`,
 * replaced by the next, kept a day), the API's answer counters per hour (`http#<hour>`, added to
 * atomically, kept 35 days) and the hygiene sweep's cursor (`hygiene#sweep`, kept a week). Writes
 * go through the function's own credentials, which on AWS may write this partition and nothing
 * else of the table (infra/cdk/ops-grants.ts); reads through the shared read-only client.
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { type ApiAnswerCounts, ApiAnswerCountsSchema } from '../../metrics/api-answers';
import { OPS_PARTITION, type OpsStore } from '../../metrics/ops-store';
import { type StreamTake, StreamTakeSchema } from '../../metrics/stream-lag';
import { translateErrors } from './sdk-errors';
import type { TenantClients } from './tenant-clients';

const KEEP_TAKE_SECONDS = 86_400;
const KEEP_ANSWERS_SECONDS = 35 * 86_400;
const KEEP_CURSOR_SECONDS = 7 * 86_400;
const SWEEP_CURSOR_KEY = { pk: OPS_PARTITION, sk: 'hygiene#sweep' };
const SweepCursorSchema = z.object({ day: z.string(), after: z.string().optional(), done: z.boolean() });

export function createDynamoDbOpsStore(clients: TenantClients, tables: { control: string }): OpsStore {
  /** Every item of the partition whose sort key lies between `from` and `to`. */
  async function query(from: string, to: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let after: Record<string, unknown> | undefined;
    do {
      const result = await translateErrors(() =>
        clients.shared.send(
          new QueryCommand({
            TableName: tables.control,
            KeyConditionExpression: 'pk = :p AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: { ':p': OPS_PARTITION, ':from': from, ':to': to },
            ...(after ? { ExclusiveStartKey: after } : {}),
          }),
        ),
      );
      items.push(...(result.Items ?? []));
      after = result.LastEvaluatedKey;
    } while (after);
    return items;
  }

  return {
    async recordStreamTake(take: StreamTake) {
      await translateErrors(() =>
        clients.platform.send(
          new PutCommand({
            TableName: tables.control,
            Item: {
              pk: OPS_PARTITION,
              sk: `stream#${take.consumer}#${take.instance}`,
              itemType: 'stream-take',
              ...take,
              expiresAtEpoch: Math.floor(Date.parse(take.takenAt) / 1000) + KEEP_TAKE_SECONDS,
            },
          }),
        ),
      );
    },

    async listStreamTakes() {
      const items = await query('stream#', 'stream#~');
      return items.flatMap((item) => {
        const parsed = StreamTakeSchema.safeParse(item);
        return parsed.success ? [parsed.data] : [];
      });
    },

    async addApiAnswers(counts: ApiAnswerCounts) {
      await translateErrors(() =>
        clients.platform.send(
          new UpdateCommand({
            TableName: tables.control,
            Key: { pk: OPS_PARTITION, sk: `http#${counts.hour}` },
            UpdateExpression: 'ADD answers :a, serverErrors :e SET itemType = :t, #hour = :h, expiresAtEpoch = :x',
            ExpressionAttributeNames: { '#hour': 'hour' },
            ExpressionAttributeValues: {
              ':a': counts.answers,
              ':e': counts.serverErrors,
              ':t': 'api-answers',
              ':h': counts.hour,
              ':x': Math.floor(Date.parse(`${counts.hour}:00:00Z`) / 1000) + KEEP_ANSWERS_SECONDS,
            },
          }),
        ),
      );
    },

    async getSweepCursor() {
      const { Item } = await translateErrors(() =>
        clients.shared.send(new GetCommand({ TableName: tables.control, Key: SWEEP_CURSOR_KEY, ConsistentRead: true })),
      );
      const parsed = SweepCursorSchema.safeParse(Item);
      return parsed.success ? parsed.data : undefined;
    },

    async putSweepCursor(cursor) {
      await translateErrors(() =>
        clients.platform.send(
          new PutCommand({
            TableName: tables.control,
            Item: {
              ...SWEEP_CURSOR_KEY,
              itemType: 'hygiene-sweep-cursor',
              ...cursor,
              expiresAtEpoch: Math.floor(Date.parse(cursor.day) / 1000) + KEEP_CURSOR_SECONDS,
            },
          }),
        ),
      );
    },

    async listApiAnswers(fromHour, toHour) {
      const items = await query(`http#${fromHour}`, `http#${toHour}`);
      return items.flatMap((item) => {
        const parsed = ApiAnswerCountsSchema.safeParse(item);
        return parsed.success ? [parsed.data] : [];
      });
    },
  };
}
