import { describeBillingStoreContract } from '../../contract/billing-store.contract';
import { createInMemoryBillingStore } from '../../support/in-memory';

describeBillingStoreContract('in memory', async () => createInMemoryBillingStore());
