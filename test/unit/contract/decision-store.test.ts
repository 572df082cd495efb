import { describeDecisionStoreContract } from '../../contract/decision-store.contract';
import { createInMemoryDecisionStore, createInMemoryTables } from '../../support/in-memory';

describeDecisionStoreContract('in memory', async () => createInMemoryDecisionStore(createInMemoryTables()));
