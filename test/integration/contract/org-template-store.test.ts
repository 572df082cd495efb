import { createDynamoDbDecisionStore } from '../../../shared/adapters/dynamodb/dynamodb-decision-store';
import { createDynamoDbOrgTemplateStore } from '../../../shared/adapters/dynamodb/dynamodb-org-template-store';
import { singleClient } from '../../../shared/adapters/dynamodb/tenant-clients';
import { describeOrgTemplateStoreContract } from '../../contract/org-template-store.contract';
import { createTestTables } from '../../support/test-tables';

describeOrgTemplateStoreContract('DynamoDB Local', async () => {
  const tables = await createTestTables();
  const clients = singleClient(tables.documentClient);
  return { store: createDynamoDbOrgTemplateStore(clients, tables.names), audit: createDynamoDbDecisionStore(clients, tables.names) };
});
