import { createDynamoDbMetricsRollupStore, createDynamoDbMetricsStore } from '../../../shared/adapters/dynamodb/dynamodb-metrics-store';
import { singleClient } from '../../../shared/adapters/dynamodb/tenant-clients';
import { describeMetricsStoreContract } from '../../contract/metrics-store.contract';
import { createTestTables } from '../../support/test-tables';

describeMetricsStoreContract('DynamoDB Local', async () => {
  const tables = await createTestTables();
  const clients = singleClient(tables.documentClient);
  return { rollup: createDynamoDbMetricsRollupStore(clients, tables.names), metrics: createDynamoDbMetricsStore(clients, tables.names) };
});
