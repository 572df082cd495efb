/**
 * Integration tests' global setup: one in-memory DynamoDB Local for the whole run, whose endpoint
 * tests read with `inject('dynamodbEndpoint')`. Each test file makes its own uniquely named tables.
 */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  const dynamo = await startDynamoDbLocal();
  project.provide('dynamodbEndpoint', dynamo.endpoint);
  return () => dynamo.stop();
}
