/**
 * The monitoring store alone: the decision path reads detector settings through it (quota
 * thresholds) without loading the monitoring routes' use cases.
 */
import { createDynamoDbMonitoringStore } from '../../../shared/adapters/dynamodb/dynamodb-monitoring-store';
import { tableClients, tables } from './dynamodb';
import { once } from './once';

export const monitoringStore = once(() => createDynamoDbMonitoringStore(tableClients(), tables()));
