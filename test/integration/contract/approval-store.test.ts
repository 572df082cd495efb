import { createDynamoDbApprovalStore } from '../../../shared/adapters/dynamodb/dynamodb-approval-store';
import { createDynamoDbDecisionStore } from '../../../shared/adapters/dynamodb/dynamodb-decision-store';
import { createDynamoDbTenancyStore } from '../../../shared/adapters/dynamodb/dynamodb-tenancy-store';
import { singleClient } from '../../../shared/adapters/dynamodb/tenant-clients';
import { describeApprovalStoreContract } from '../../contract/approval-store.contract';
import { createTestTables } from '../../support/test-tables';

describeApprovalStoreContract('DynamoDB Local', async () => {
  const tables = await createTestTables();
  const clients = singleClient(tables.documentClient);
  return {
    store: createDynamoDbApprovalStore(clients, tables.names),
    tenancy: createDynamoDbTenancyStore(clients, tables.names),
    audit: createDynamoDbDecisionStore(clients, tables.names),
  };
});
