/**
 * Maturity: the assessment reads the stores of every area it judges (never their use cases), and
 * keeps weekly snapshots in its own store; the snapshot job assesses the tenants without this
 * week's snapshot.
 */
import { createDynamoDbApprovalStore } from '../../../shared/adapters/dynamodb/dynamodb-approval-store';
import { createDynamoDbMaturityStore } from '../../../shared/adapters/dynamodb/dynamodb-maturity-store';
import { createDynamoDbMetricsStore } from '../../../shared/adapters/dynamodb/dynamodb-metrics-store';
import { createDynamoDbPolicyStore } from '../../../shared/adapters/dynamodb/dynamodb-policy-store';
import { createDynamoDbNotificationStore } from '../../../shared/adapters/dynamodb/dynamodb-notification-store';
import { createDynamoDbRemediationStore } from '../../../shared/adapters/dynamodb/dynamodb-remediation-store';
import { createMaturity } from '../../../shared/maturity/maturity';
import { createMaturitySnapshots } from '../../../shared/maturity/maturity-snapshots';
import { tableClients, tables } from './dynamodb';
import { clock } from './kernel';
import { cursors } from './cursors';
import { monitoringStore } from './monitoring-store';
import { once, onceAsync } from './once';
import { tenancyStore, tenantStates } from './tenancy-store';

const maturityStore = once(() => createDynamoDbMaturityStore(tableClients(), tables()));

/** The maturity use cases. */
export const maturity = onceAsync(async () =>
  createMaturity({
    sources: {
      tenancy: tenancyStore(),
      // The store alone: the policy engine (CEL, RE2) is not needed to read documents.
      policies: createDynamoDbPolicyStore(tableClients(), tables()),
      approvals: createDynamoDbApprovalStore(tableClients(), tables()),
      metrics: createDynamoDbMetricsStore(tableClients(), tables()),
      monitoring: monitoringStore(),
      channels: createDynamoDbNotificationStore(tableClients(), tables()),
      remediation: createDynamoDbRemediationStore(tableClients(), tables()),
      clock: clock(),
    },
    store: maturityStore(),
    cursors: await cursors(),
    clock: clock(),
  }),
);

/** What the maturity routes use. */
export const maturityServices = onceAsync(async () => ({ tenantStates: tenantStates(), maturity: await maturity() }));

/** The weekly snapshot sweep. */
export const maturitySnapshots = onceAsync(async () => {
  const cases = await maturity();
  return createMaturitySnapshots({
    tenancy: tenancyStore(),
    store: maturityStore(),
    snapshot: (tenantId) => cases.snapshot(tenantId),
    clock: clock(),
  });
});
