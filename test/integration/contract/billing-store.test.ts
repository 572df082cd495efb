import { createDynamoDbBillingStore } from '../../../shared/adapters/dynamodb/dynamodb-billing-store';
import { singleClient } from '../../../shared/adapters/dynamodb/tenant-clients';
import { describeBillingStoreContract } from '../../contract/billing-store.contract';
import { createTestTables } from '../../support/test-tables';

describeBillingStoreContract('DynamoDB Local', async () => {
  const tables = await createTestTables();
  return createDynamoDbBillingStore(singleClient(tables.documentClient), tables.names);
});
