/**
 * Failure paths of the decision store that DynamoDB Local cannot be made to produce on demand
 * (BatchWriteItem leaving items unprocessed, throttling), with aws-sdk-client-mock. The happy
 * paths run against DynamoDB Local in test/integration/decisions.
 */
import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../../shared/adapters/dynamodb/document-client';
import { createDynamoDbDecisionStore } from '../../../shared/adapters/dynamodb/dynamodb-decision-store';
import { singleClient } from '../../../shared/adapters/dynamodb/tenant-clients';
import type { DecisionRecord } from '../../../shared/decisions/decision-record';
import { DependencyUnavailableError } from '../../../shared/kernel/errors';

const dynamo = mockClient(DynamoDBDocumentClient);
const tables = { audit: 'audit', control: 'control' };
const store = () =>
  createDynamoDbDecisionStore(
    singleClient(createDocumentClient({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } })),
    tables,
  );

const record = (i: number): DecisionRecord =>
  ({
    kind: 'decision',
    id: `dec_${i}`,
    tenantId: 'acme',
    at: '2026-11-24T10:00:00.000Z',
    agent: { id: 'agt_1', name: 'a', team: 'ops', role: 'bot', environment: 'prod', labels: {} },
    request: { action: 'read' },
    effect: 'allow',
    reason: 'r',
    versions: [],
    policyEpoch: 1,
    warnings: [],
    latencyMs: 0,
    expiresAtEpoch: 1,
    event: { source: 'warden.decisions', detailType: 'Decision.Made', detail: {} },
  }) as unknown as DecisionRecord;

describe('The DynamoDB decision store', () => {
  beforeEach(() => dynamo.reset());

  it('writes again what BatchWriteItem left unprocessed, until every record is written', async () => {
    let calls = 0;
    dynamo.on(BatchWriteCommand).callsFake((input: { RequestItems: Record<string, unknown[]> }) => {
      calls++;
      const requests = input.RequestItems.audit!;
      // The first call of each chunk leaves its last two items unprocessed.
      return calls <= 2 ? { UnprocessedItems: { audit: requests.slice(-2) } } : { UnprocessedItems: {} };
    });
    await store().record(Array.from({ length: 50 }, (_, i) => record(i)));
    const written = dynamo
      .commandCalls(BatchWriteCommand)
      .flatMap((call) => call.args[0].input.RequestItems!.audit!.map((request) => request.PutRequest!.Item!.id));
    expect(new Set(written).size).toBe(50);
    expect(dynamo.commandCalls(BatchWriteCommand)).toHaveLength(4);
  });

  it('gives up with 503 when records stay unprocessed, rather than answer without them', async () => {
    dynamo.on(BatchWriteCommand).callsFake((input: { RequestItems: Record<string, unknown[]> }) => ({
      UnprocessedItems: { audit: input.RequestItems.audit!.slice(0, 1) },
    }));
    await expect(store().record([record(1), record(2)])).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(dynamo.commandCalls(BatchWriteCommand)).toHaveLength(8);
  }, 15_000); // eight rounds with exponential backoff (about 5 s)

  it('reports a throttled single write as unavailable (503)', async () => {
    dynamo
      .on(PutCommand)
      .rejects(Object.assign(new Error('slow down'), { name: 'ProvisionedThroughputExceededException', $fault: 'client' }));
    await expect(store().record([record(1)])).rejects.toBeInstanceOf(DependencyUnavailableError);
  });
});
