import { describeRemediationStoreContract } from '../../contract/remediation-store.contract';
import { createInMemoryAuditReader, createInMemoryTables } from '../../support/in-memory';
import { createInMemoryRemediationStore } from '../../support/in-memory/in-memory-remediation-store';

describeRemediationStoreContract('in memory', async () => {
  const tables = createInMemoryTables();
  return { store: createInMemoryRemediationStore(tables), audit: createInMemoryAuditReader(tables) };
});
