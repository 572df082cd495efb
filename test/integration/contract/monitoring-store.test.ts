import { createDynamoDbDecisionStore } from '../../../shared/adapters/dynamodb/dynamodb-decision-store';
import { createDynamoDbMonitoringStore } from '../../../shared/adapters/dynamodb/dynamodb-monitoring-store';
import { singleClient } from '../../../shared/adapters/dynamodb/tenant-clients';
import { describeMonitoringStoreContract } from '../../contract/monitoring-store.contract';
import { createTestTables } from '../../support/test-tables';

describeMonitoringStoreContract('DynamoDB Local', async () => {
  const tables = await createTestTables();
  const clients = singleClient(tables.documentClient);
  return { store: createDynamoDbMonitoringStore(clients, tables.names), audit: createDynamoDbDecisionStore(clients, tables.names) };
});
