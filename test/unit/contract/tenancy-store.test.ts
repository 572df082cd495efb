import { describeTenancyStoreContract } from '../../contract/tenancy-store.contract';
import { createInMemoryAuditReader, createInMemoryTables, createInMemoryTenancyStore } from '../../support/in-memory';

describeTenancyStoreContract('in memory', async () => {
  const tables = createInMemoryTables();
  return { store: createInMemoryTenancyStore(tables), audit: createInMemoryAuditReader(tables) };
});
