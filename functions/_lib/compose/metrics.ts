/**
 * Metrics: the audit stream's rollup, and (for the metrics routes) the rollups' reader.
 */
import { createDynamoDbMetricsRollupStore, createDynamoDbMetricsStore } from '../../../shared/adapters/dynamodb/dynamodb-metrics-store';
import { createMetricsRollup } from '../../../shared/metrics/metric-rollup';
import { createMetricsReports } from '../../../shared/metrics/metrics-report';
import { tableClients, tables } from './dynamodb';
import { clock } from './kernel';
import { once, onceAsync } from './once';
import { tenantStates } from './tenancy';

/** Rolls audited decisions up into metrics, exactly once. */
export const metricsRollup = once(() => createMetricsRollup({ store: createDynamoDbMetricsRollupStore(tableClients(), tables()) }));

/** The rollups, read back. */
export const metricsStore = once(() => createDynamoDbMetricsStore(tableClients(), tables()));

/** What the metrics routes use. */
export const metricsServices = onceAsync(async () => ({
  tenantStates: tenantStates(),
  metrics: createMetricsReports({ store: metricsStore(), clock: clock() }),
}));
