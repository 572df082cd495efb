/**
 * The cold-start bench's reference: a "function" that only imports the DynamoDB client and the
 * document client and constructs them on its first invocation — what any function that reads a
 * table pays at the least. Given `{ tableName }`, its first invocation also reads one item (the
 * least a function's first request to DynamoDB costs: credentials, connection, signing).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

let client: DynamoDBDocumentClient | undefined;

export const handler = async (event: { tableName?: string }) => {
  client ??= DynamoDBDocumentClient.from(new DynamoDBClient({}));
  if (event.tableName) await client.send(new GetCommand({ TableName: event.tableName, Key: { pk: 'cold-start', sk: 'reference' } }));
  return { statusCode: 200 };
};
