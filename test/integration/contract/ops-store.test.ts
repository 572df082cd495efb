import { createDynamoDbOpsStore } from '../../../shared/adapters/dynamodb/dynamodb-ops-store';
import { singleClient } from '../../../shared/adapters/dynamodb/tenant-clients';
import { describeOpsStoreContract } from '../../contract/ops-store.contract';
import { createTestTables } from '../../support/test-tables';

describeOpsStoreContract('DynamoDB Local', async () => {
  const tables = await createTestTables();
  return createDynamoDbOpsStore(singleClient(tables.documentClient), tables.names);
});
