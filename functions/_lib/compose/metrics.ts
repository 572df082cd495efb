/**
 * Metrics: the audit stream's rollup, and (for the metrics routes) the rollups' reader with the
 * approvals and quota counters the tenant view shows beside them.
 */
import { createDynamoDbApprovalStore } from '../../../shared/adapters/dynamodb/dynamodb-approval-store';
import { createDynamoDbMetricsRollupStore, createDynamoDbMetricsStore } from '../../../shared/adapters/dynamodb/dynamodb-metrics-store';
import { createDynamoDbQuotaStore } from '../../../shared/adapters/dynamodb/dynamodb-quota-store';
import { createMetricsRollup } from '../../../shared/metrics/metric-rollup';
import { createMetricsReports } from '../../../shared/metrics/metrics-report';
import { tableClients, tables } from './dynamodb';
import { clock } from './kernel';
import { once, onceAsync } from './once';
import { tenancyStore, tenantStates } from './tenancy-store';

/** Rolls audited decisions up into metrics, exactly once. */
export const metricsRollup = once(() => createMetricsRollup({ store: createDynamoDbMetricsRollupStore(tableClients(), tables()) }));

/** The rollups, read back. */
export const metricsStore = once(() => createDynamoDbMetricsStore(tableClients(), tables()));

/** What the metrics routes use (reads only: the control table). */
export const metricsServices = onceAsync(async () => {
  const quotaStore = createDynamoDbQuotaStore(tableClients(), tables());
  return {
    tenantStates: tenantStates(),
    metrics: createMetricsReports({
      store: metricsStore(),
      clock: clock(),
      approvals: createDynamoDbApprovalStore(tableClients(), tables()),
      tenants: tenantStates(),
      tenancy: tenancyStore(),
      // A lease of no units reads the counter and writes nothing (the QuotaStore contract).
      quotaUsed: async (tenantId, quota) => (await quotaStore.lease(tenantId, quota, 0)).used,
    }),
  };
});
