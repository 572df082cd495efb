import { describeOrgTemplateStoreContract } from '../../contract/org-template-store.contract';
import { createInMemoryAuditReader, createInMemoryOrgTemplateStore, createInMemoryTables } from '../../support/in-memory';

describeOrgTemplateStoreContract('in memory', async () => {
  const tables = createInMemoryTables();
  return { store: createInMemoryOrgTemplateStore(tables), audit: createInMemoryAuditReader(tables) };
});
