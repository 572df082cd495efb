import { createDynamoDbDecisionStore } from '../../../shared/adapters/dynamodb/dynamodb-decision-store';
import { createDynamoDbQuotaStore } from '../../../shared/adapters/dynamodb/dynamodb-quota-store';
import { singleClient } from '../../../shared/adapters/dynamodb/tenant-clients';
import { describeQuotaStoreContract } from '../../contract/quota-store.contract';
import { createTestTables } from '../../support/test-tables';

describeQuotaStoreContract('DynamoDB Local', async () => {
  const tables = await createTestTables();
  const clients = singleClient(tables.documentClient);
  return { store: createDynamoDbQuotaStore(clients, tables.names), audit: createDynamoDbDecisionStore(clients, tables.names) };
});
