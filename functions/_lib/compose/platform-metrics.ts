/**
 * The platform metrics route: tenants from the tenancy store, their rollups, their open
 * incidents, the operational notes and the dead-letter queues.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import { createDynamoDbMetricsStore } from '../../../shared/adapters/dynamodb/dynamodb-metrics-store';
import { CLIENT_TIMEOUTS } from '../../../shared/adapters/client-timeouts';
import { createSqsDeadLetterQueues } from '../../../shared/adapters/sqs/sqs-dead-letters';
import { createPlatformMetrics } from '../../../shared/metrics/platform-metrics';
import { config } from '../config';
import { tableClients, tables } from './dynamodb';
import { clock } from './kernel';
import { monitoringStore } from './monitoring-store';
import { onceAsync } from './once';
import { opsStore } from './ops';
import { tenancyStore, tenantStates } from './tenancy-store';

/** What the platform metrics route uses. */
export const platformMetricsServices = onceAsync(async () => ({
  tenantStates: tenantStates(),
  platformMetrics: createPlatformMetrics({
    tenancy: tenancyStore(),
    metrics: createDynamoDbMetricsStore(tableClients(), tables()),
    monitoring: monitoringStore(),
    ops: opsStore(),
    deadLetters: createSqsDeadLetterQueues(new SQSClient({ ...CLIENT_TIMEOUTS }), config().deadLetterQueues),
    clock: clock(),
  }),
}));
