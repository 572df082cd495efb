import { createDynamoDbApprovalStore } from '../../../shared/adapters/dynamodb/dynamodb-approval-store';
import { createDynamoDbBillingFacts } from '../../../shared/adapters/dynamodb/dynamodb-billing-facts';
import { createDynamoDbDecisionStore } from '../../../shared/adapters/dynamodb/dynamodb-decision-store';
import { createDynamoDbTenancyStore } from '../../../shared/adapters/dynamodb/dynamodb-tenancy-store';
import { createDynamoDbUsageMeterStore } from '../../../shared/adapters/dynamodb/dynamodb-usage-meter-store';
import { createDynamoDbUsageStore } from '../../../shared/adapters/dynamodb/dynamodb-usage-store';
import { singleClient } from '../../../shared/adapters/dynamodb/tenant-clients';
import { describeBillingFactsContract } from '../../contract/billing-facts.contract';
import { createTestTables } from '../../support/test-tables';

describeBillingFactsContract('DynamoDB Local', async () => {
  const tables = await createTestTables();
  const clients = singleClient(tables.documentClient);
  const tenancy = createDynamoDbTenancyStore(clients, tables.names);
  const facts = createDynamoDbBillingFacts({
    clients,
    tables: tables.names,
    tenancy,
    usage: createDynamoDbUsageStore(clients, tables.names),
    approvals: createDynamoDbApprovalStore(clients, tables.names),
  });
  return {
    facts,
    tenancy,
    meter: createDynamoDbUsageMeterStore(clients, tables.names),
    decisions: createDynamoDbDecisionStore(clients, tables.names),
  };
});
