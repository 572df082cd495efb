import { describeApprovalStoreContract } from '../../contract/approval-store.contract';
import {
  createInMemoryApprovalStore,
  createInMemoryAuditReader,
  createInMemoryTables,
  createInMemoryTenancyStore,
} from '../../support/in-memory';

describeApprovalStoreContract('in memory', async () => {
  const tables = createInMemoryTables();
  return {
    store: createInMemoryApprovalStore(tables),
    tenancy: createInMemoryTenancyStore(tables),
    audit: createInMemoryAuditReader(tables),
  };
});
