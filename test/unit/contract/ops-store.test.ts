import { describeOpsStoreContract } from '../../contract/ops-store.contract';
import { createInMemoryOpsStore } from '../../support/in-memory/in-memory-ops-store';

describeOpsStoreContract('in memory', async () => createInMemoryOpsStore());
