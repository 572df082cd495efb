import { createDynamoDbMaturityStore } from '../../../shared/adapters/dynamodb/dynamodb-maturity-store';
import { singleClient } from '../../../shared/adapters/dynamodb/tenant-clients';
import { describeMaturityStoreContract } from '../../contract/maturity-store.contract';
import { createTestTables } from '../../support/test-tables';

describeMaturityStoreContract('DynamoDB Local', async () => {
  const tables = await createTestTables();
  return createDynamoDbMaturityStore(singleClient(tables.documentClient), tables.names);
});
