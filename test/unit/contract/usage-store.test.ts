import { describeUsageStoreContract } from '../../contract/usage-store.contract';
import { createInMemoryTables, createInMemoryUsageMeterStore, createInMemoryUsageStore } from '../../support/in-memory';

describeUsageStoreContract('in memory', async () => {
  const tables = createInMemoryTables();
  return { meter: createInMemoryUsageMeterStore(tables), usage: createInMemoryUsageStore(tables) };
});
