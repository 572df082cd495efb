import { createDynamoDbDecisionStore } from '../../../shared/adapters/dynamodb/dynamodb-decision-store';
import { singleClient } from '../../../shared/adapters/dynamodb/tenant-clients';
import { describeDecisionStoreContract } from '../../contract/decision-store.contract';
import { createTestTables } from '../../support/test-tables';

describeDecisionStoreContract('DynamoDB Local', async () => {
  const tables = await createTestTables();
  return createDynamoDbDecisionStore(singleClient(tables.documentClient), tables.names);
});
