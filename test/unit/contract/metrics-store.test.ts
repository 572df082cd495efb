import { describeMetricsStoreContract } from '../../contract/metrics-store.contract';
import { createInMemoryMetricsStores } from '../../support/in-memory/in-memory-metrics-store';

describeMetricsStoreContract('in memory', async () => createInMemoryMetricsStores());
