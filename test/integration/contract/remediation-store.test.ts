import { createDynamoDbDecisionStore } from '../../../shared/adapters/dynamodb/dynamodb-decision-store';
import { createDynamoDbRemediationStore } from '../../../shared/adapters/dynamodb/dynamodb-remediation-store';
import { singleClient } from '../../../shared/adapters/dynamodb/tenant-clients';
import { describeRemediationStoreContract } from '../../contract/remediation-store.contract';
import { createTestTables } from '../../support/test-tables';

describeRemediationStoreContract('DynamoDB Local', async () => {
  const tables = await createTestTables();
  const clients = singleClient(tables.documentClient);
  return { store: createDynamoDbRemediationStore(clients, tables.names), audit: createDynamoDbDecisionStore(clients, tables.names) };
});
