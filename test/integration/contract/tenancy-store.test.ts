import { createDynamoDbDecisionStore } from '../../../shared/adapters/dynamodb/dynamodb-decision-store';
import { createDynamoDbTenancyStore } from '../../../shared/adapters/dynamodb/dynamodb-tenancy-store';
import { singleClient } from '../../../shared/adapters/dynamodb/tenant-clients';
import { describeTenancyStoreContract } from '../../contract/tenancy-store.contract';
import { createTestTables } from '../../support/test-tables';

describeTenancyStoreContract('DynamoDB Local', async () => {
  const tables = await createTestTables();
  const clients = singleClient(tables.documentClient);
  return { store: createDynamoDbTenancyStore(clients, tables.names), audit: createDynamoDbDecisionStore(clients, tables.names) };
});
