import { systemClock } from '../../../shared/kernel/clock';
import { describeBillingFactsContract } from '../../contract/billing-facts.contract';
import { createInMemoryStores } from '../../support/in-memory';

describeBillingFactsContract('in memory', async () => {
  const stores = createInMemoryStores(systemClock);
  return { facts: stores.billingFacts, tenancy: stores.tenancy, meter: stores.usageMeter, decisions: stores.decisions };
});
