import { describeQuotaStoreContract } from '../../contract/quota-store.contract';
import { createInMemoryAuditReader, createInMemoryQuotaStore, createInMemoryTables } from '../../support/in-memory';

describeQuotaStoreContract('in memory', async () => {
  const tables = createInMemoryTables();
  return { store: createInMemoryQuotaStore(tables), audit: createInMemoryAuditReader(tables) };
});
