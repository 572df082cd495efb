/**
 * Failure paths of the batch read that DynamoDB Local cannot be made to produce on demand (keys
 * left unprocessed, again and again), with aws-sdk-client-mock. The happy paths run against
 * DynamoDB Local through the stores that use it (test/integration).
 */
import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { BATCH_GET_ROUNDS, batchGet, KEYS_PER_BATCH_GET } from '../../../shared/adapters/dynamodb/batch-get';
import { createDocumentClient } from '../../../shared/adapters/dynamodb/document-client';
import { DependencyUnavailableError } from '../../../shared/kernel/errors';

const dynamo = mockClient(DynamoDBDocumentClient);
const client = () => createDocumentClient({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
const noSleep = async () => {};
const keys = (count: number) => Array.from({ length: count }, (_, index) => ({ pk: `p${index}`, sk: 's' }));
type Input = { RequestItems: Record<string, { Keys: { pk: string; sk: string }[] }> };

describe('Function: batchGet', () => {
  beforeEach(() => dynamo.reset());

  it('reads 100 keys per call and returns every item found', async () => {
    // Prepare
    dynamo.on(BatchGetCommand).callsFake((input: Input) => ({
      Responses: { t: input.RequestItems.t!.Keys.filter((key) => key.pk !== 'p3').map((key) => ({ ...key, value: key.pk })) },
    }));

    // Act
    const items = await batchGet(client(), 't', keys(250), { what: 'things', sleep: noSleep });

    // Assess
    const calls = dynamo.commandCalls(BatchGetCommand).map((call) => (call.args[0].input as Input).RequestItems.t!.Keys.length);
    expect(calls.sort((a, b) => b - a)).toEqual([KEYS_PER_BATCH_GET, KEYS_PER_BATCH_GET, 50]);
    expect(items).toHaveLength(249);
    expect(items.some((item) => item.pk === 'p3')).toBe(false);
  });

  it('asks again for the keys left unprocessed, until every one is read', async () => {
    // Prepare
    let calls = 0;
    dynamo.on(BatchGetCommand).callsFake((input: Input) => {
      calls++;
      const asked = input.RequestItems.t!.Keys;
      // Each of the first two calls reads only the first key and leaves the rest unprocessed.
      return calls <= 2
        ? { Responses: { t: asked.slice(0, 1) }, UnprocessedKeys: { t: { Keys: asked.slice(1) } } }
        : { Responses: { t: asked }, UnprocessedKeys: {} };
    });

    // Act
    const items = await batchGet(client(), 't', keys(5), { what: 'things', sleep: noSleep });

    // Assess
    expect(calls).toBe(3);
    expect(items.map((item) => item.pk).sort()).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
  });

  it('fails with 503 when keys stay unprocessed after the last round, waiting between rounds', async () => {
    // Prepare
    dynamo.on(BatchGetCommand).callsFake((input: Input) => ({ UnprocessedKeys: { t: { Keys: input.RequestItems.t!.Keys } } }));
    const waits: number[] = [];

    // Act
    const read = batchGet(client(), 't', keys(2), { what: 'things', sleep: async (ms) => void waits.push(ms) });

    // Assess
    await expect(read).rejects.toThrow(DependencyUnavailableError);
    await expect(read).rejects.toThrow('2 things could not be read');
    expect(dynamo.commandCalls(BatchGetCommand)).toHaveLength(BATCH_GET_ROUNDS);
    expect(waits).toHaveLength(BATCH_GET_ROUNDS - 1);
  });

  it('names a key given twice once, with the options asked for', async () => {
    // Prepare
    dynamo.on(BatchGetCommand).resolves({ Responses: { t: [] } });

    // Act
    await batchGet(client(), 't', [...keys(2), ...keys(2)], { what: 'things', consistentRead: true, projection: 'id' });

    // Assess
    const request = (dynamo.commandCalls(BatchGetCommand)[0]!.args[0].input as { RequestItems: Record<string, unknown> }).RequestItems.t;
    expect(request).toEqual({ Keys: keys(2), ConsistentRead: true, ProjectionExpression: 'id' });
  });
});
