import { describeMonitoringStoreContract } from '../../contract/monitoring-store.contract';
import { createInMemoryAuditReader, createInMemoryTables } from '../../support/in-memory';
import { createInMemoryMonitoringStore } from '../../support/in-memory/in-memory-monitoring-store';

describeMonitoringStoreContract('in memory', async () => {
  const tables = createInMemoryTables();
  return { store: createInMemoryMonitoringStore(tables), audit: createInMemoryAuditReader(tables) };
});
