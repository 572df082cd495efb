import { describePolicyStoreContract } from '../../contract/policy-store.contract';
import {
  createInMemoryAuditReader,
  createInMemoryPolicyStore,
  createInMemoryTables,
  createInMemoryTenancyStore,
} from '../../support/in-memory';

describePolicyStoreContract('in memory', async () => {
  const tables = createInMemoryTables();
  return {
    store: createInMemoryPolicyStore(tables),
    tenancy: createInMemoryTenancyStore(tables),
    audit: createInMemoryAuditReader(tables),
  };
});
