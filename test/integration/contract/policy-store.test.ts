import { createDynamoDbDecisionStore } from '../../../shared/adapters/dynamodb/dynamodb-decision-store';
import { createDynamoDbPolicyStore } from '../../../shared/adapters/dynamodb/dynamodb-policy-store';
import { createDynamoDbTenancyStore } from '../../../shared/adapters/dynamodb/dynamodb-tenancy-store';
import { singleClient } from '../../../shared/adapters/dynamodb/tenant-clients';
import { describePolicyStoreContract } from '../../contract/policy-store.contract';
import { createTestTables } from '../../support/test-tables';

describePolicyStoreContract('DynamoDB Local', async () => {
  const tables = await createTestTables();
  const clients = singleClient(tables.documentClient);
  return {
    store: createDynamoDbPolicyStore(clients, tables.names),
    tenancy: createDynamoDbTenancyStore(clients, tables.names),
    audit: createDynamoDbDecisionStore(clients, tables.names),
  };
});
