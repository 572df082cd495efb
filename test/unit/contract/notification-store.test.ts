import { describeNotificationStoreContract } from '../../contract/notification-store.contract';
import { createInMemoryAuditReader, createInMemoryTables } from '../../support/in-memory';
import { createInMemoryNotificationStore } from '../../support/in-memory/in-memory-notification-store';

describeNotificationStoreContract('in memory', async () => {
  const tables = createInMemoryTables();
  return { store: createInMemoryNotificationStore(tables), audit: createInMemoryAuditReader(tables) };
});
