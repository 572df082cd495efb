/**
 * Billing: price plans, exports, closing months, reconciliation. The S3 client (and the presigner)
 * is loaded on the first export that needs the bucket, not when the function starts.
 */
import { createDynamoDbBillingFacts } from '../../../shared/adapters/dynamodb/dynamodb-billing-facts';
import { createDynamoDbBillingStore } from '../../../shared/adapters/dynamodb/dynamodb-billing-store';
import { CLIENT_TIMEOUTS } from '../../../shared/adapters/client-timeouts';
import { createBilling } from '../../../shared/billing/billing';
import type { ObjectStore } from '../../../shared/billing/billing-ports';
import { config } from '../config';
import { approvalStore } from './approvals';
import { tableClients, tables } from './dynamodb';
import { clock, ids } from './kernel';
import { cursors } from './cursors';
import { onceAsync } from './once';
import { tenancyStore, tenantStates } from './tenancy-store';
import { usageStore } from './usage';

/** The S3 bucket `bucket`, its client and adapter loaded on first use. */
function s3Bucket(bucket: string): ObjectStore {
  const objects = onceAsync(async () => {
    const [{ S3Client }, { createS3ObjectStore }] = await Promise.all([
      import('@aws-sdk/client-s3'),
      import('../../../shared/adapters/s3/s3-object-store'),
    ]);
    return createS3ObjectStore(
      new S3Client({ ...CLIENT_TIMEOUTS, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED' }),
      bucket,
    );
  });
  return {
    put: async (key, body, contentType) => (await objects()).put(key, body, contentType),
    get: async (key) => (await objects()).get(key),
    downloadUrl: async (key, seconds) => (await objects()).downloadUrl(key, seconds),
  };
}

/** The exports bucket; a function without its name in the environment may not use it. */
function exportsBucket(bucket: string | undefined): ObjectStore {
  if (bucket) return s3Bucket(bucket);
  const missing = async (): Promise<never> => {
    throw new Error('WARDEN_BUCKET_EXPORTS is not set for this function (see its `buckets` in the manifest)');
  };
  return { put: missing, get: missing, downloadUrl: missing };
}

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
