/**
 * Fresh, uniquely named Warden tables in the integration run's DynamoDB Local, created from the
 * shared table definitions (the same ones both platforms use).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { ensureTables } from '../../infra/local/table-setup';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client';
import { TABLES, type TableId } from '../../shared/manifest/tables';

export interface TestTables {
  readonly names: Record<TableId, string>;
  readonly client: DynamoDBClient;
  readonly documentClient: DynamoDBDocumentClient;
  readonly endpoint: string;
}

export const localSdkConfig = (endpoint: string) => ({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});

export async function createTestTables(): Promise<TestTables> {
  const endpoint = inject('dynamodbEndpoint');
  const suffix = Math.random().toString(36).slice(2, 10);
  const names = Object.fromEntries((Object.keys(TABLES) as TableId[]).map((id) => [id, `test-${id}-${suffix}`])) as Record<TableId, string>;
  const client = new DynamoDBClient(localSdkConfig(endpoint));
  await ensureTables(
    client,
    (Object.keys(TABLES) as TableId[]).map((id) => ({ definition: TABLES[id], tableName: names[id] })),
  );
  return { names, client, documentClient: createDocumentClient(localSdkConfig(endpoint)), endpoint };
}
