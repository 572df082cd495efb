/**
 * The DynamoDB document client Warden's adapters share. Endpoint and credentials come from the
 * SDK's standard configuration (AWS_ENDPOINT_URL_DYNAMODB points it at DynamoDB Local).
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CLIENT_TIMEOUTS } from '../client-timeouts';

/**
 * Creates a document client that drops undefined attributes and keeps numbers as numbers, and
 * gives up on a stalled call within the bounds of client-timeouts.ts.
 */
export function createDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({ ...CLIENT_TIMEOUTS, ...config }), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    unmarshallOptions: { wrapNumbers: false },
  });
}
