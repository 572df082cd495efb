import { createDynamoDbUsageMeterStore } from '../../../shared/adapters/dynamodb/dynamodb-usage-meter-store';
import { createDynamoDbUsageStore } from '../../../shared/adapters/dynamodb/dynamodb-usage-store';
import { singleClient } from '../../../shared/adapters/dynamodb/tenant-clients';
import { describeUsageStoreContract } from '../../contract/usage-store.contract';
import { createTestTables } from '../../support/test-tables';

describeUsageStoreContract('DynamoDB Local', async () => {
  const tables = await createTestTables();
  const clients = singleClient(tables.documentClient);
  return { meter: createDynamoDbUsageMeterStore(clients, tables.names), usage: createDynamoDbUsageStore(clients, tables.names) };
});
