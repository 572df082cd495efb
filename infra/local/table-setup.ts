/**
 * Creates Warden's tables in DynamoDB Local from the shared table definitions (the same ones the
 * CDK app turns into Table props). Existing tables are left as they are, so data survives restarts.
 */
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import type { TableDefinition } from '../../shared/manifest/tables';

/** The CreateTable input of a definition, under a physical name. */
function createTableInput(definition: TableDefinition, tableName: string): CreateTableCommandInput {
  const keys = [
    definition.partitionKey,
    definition.sortKey,
    ...(definition.globalIndexes ?? []).flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
  const attributes = new Map(keys.filter((key) => key !== undefined).map((key) => [key.name, key.type]));
  const keySchema = (partition: { name: string }, sort?: { name: string }) => [
    { AttributeName: partition.name, KeyType: 'HASH' as const },
    ...(sort ? [{ AttributeName: sort.name, KeyType: 'RANGE' as const }] : []),
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
    KeySchema: keySchema(definition.partitionKey, definition.sortKey),
    ...(definition.globalIndexes?.length
      ? {
          GlobalSecondaryIndexes: definition.globalIndexes.map((index) => ({
            IndexName: index.indexName,
            KeySchema: keySchema(index.partitionKey, index.sortKey),
            Projection: { ProjectionType: 'ALL' as const },
          })),
        }
      : {}),
    ...(definition.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: definition.stream } } : {}),
  };
}

async function exists(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
}

/** Creates each table that does not exist yet (and its TTL); returns the names created. */
export async function ensureTables(
  client: DynamoDBClient,
  tables: readonly { definition: TableDefinition; tableName: string }[],
): Promise<string[]> {
  const created: string[] = [];
  for (const { definition, tableName } of tables) {
    if (await exists(client, tableName)) continue;
    await client.send(new CreateTableCommand(createTableInput(definition, tableName)));
    if (definition.ttlAttribute) {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: tableName,
          TimeToLiveSpecification: { Enabled: true, AttributeName: definition.ttlAttribute },
        }),
      );
    }
    created.push(tableName);
  }
  return created;
}
