/**
 * Usage: the monthly reports and the audit stream's meter.
 */
import { createDynamoDbUsageMeterStore } from '../../../shared/adapters/dynamodb/dynamodb-usage-meter-store';
import { createDynamoDbUsageStore } from '../../../shared/adapters/dynamodb/dynamodb-usage-store';
import { createUsageReports } from '../../../shared/usage/usage';
import { createUsageMeter } from '../../../shared/usage/usage-meter';
import { tableClients, tables } from './dynamodb';
import { once, onceAsync } from './once';
import { tenantStates } from './tenancy-store';

/** Usage counters. */
export const usageStore = once(() => createDynamoDbUsageStore(tableClients(), tables()));

/** What the usage route uses. */
export const usageServices = onceAsync(async () => ({ tenantStates: tenantStates(), usage: createUsageReports({ store: usageStore() }) }));

/** Counts audited decisions into usage, exactly once. */
export const usageMeter = once(() => createUsageMeter({ store: createDynamoDbUsageMeterStore(tableClients(), tables()) }));
