import { describeMaturityStoreContract } from '../../contract/maturity-store.contract';
import { createInMemoryMaturityStore } from '../../support/in-memory/in-memory-maturity-store';

describeMaturityStoreContract('in memory', async () => createInMemoryMaturityStore());
