/**
 * Billing: price plans, exports, closing months, reconciliation, over the exports bucket
 * (exports-bucket.ts).
 */
import { createDynamoDbBillingFacts } from '../../../shared/adapters/dynamodb/dynamodb-billing-facts';
import { createDynamoDbBillingStore } from '../../../shared/adapters/dynamodb/dynamodb-billing-store';
import { createBilling } from '../../../shared/billing/billing';
import { config } from '../config';
import { approvalStore } from './approvals';
import { tableClients, tables } from './dynamodb';
import { clock, ids } from './kernel';
import { cursors } from './cursors';
import { exportsBucket } from './exports-bucket';
import { onceAsync } from './once';
import { tenancyStore, tenantStates } from './tenancy-store';
import { usageStore } from './usage';

/** What the billing and price-plan routes use. */
export const billingServices = onceAsync(async () => {
  const settings = config();
  const clients = tableClients();
  return {
    tenantStates: tenantStates(),
    billing: createBilling({
      store: createDynamoDbBillingStore(clients, tables()),
      facts: createDynamoDbBillingFacts({
        clients,
        tables: tables(),
        tenancy: tenancyStore(),
        usage: usageStore(),
        approvals: approvalStore(),
      }),
      objects: exportsBucket(settings.exportsBucket),
      clock: clock(),
      ids: ids(),
      inlineLimitBytes: settings.exportInlineBytes,
      downloadSeconds: 900,
      cursors: await cursors(),
    }),
  };
});
