import { createDynamoDbDecisionStore } from '../../../shared/adapters/dynamodb/dynamodb-decision-store';
import { createDynamoDbNotificationStore } from '../../../shared/adapters/dynamodb/dynamodb-notification-store';
import { singleClient } from '../../../shared/adapters/dynamodb/tenant-clients';
import { describeNotificationStoreContract } from '../../contract/notification-store.contract';
import { createTestTables } from '../../support/test-tables';

describeNotificationStoreContract('DynamoDB Local', async () => {
  const tables = await createTestTables();
  const clients = singleClient(tables.documentClient);
  return { store: createDynamoDbNotificationStore(clients, tables.names), audit: createDynamoDbDecisionStore(clients, tables.names) };
});
