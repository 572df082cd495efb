/**
 * The exports bucket (billing months and large exports of billing lines and audit records). The
 * S3 client and the presigner are loaded on the first export that needs the bucket, not when the
 * function starts, and only by functions that import this module: the decision path does not.
 */
import { CLIENT_TIMEOUTS } from '../../../shared/adapters/client-timeouts';
import type { ObjectStore } from '../../../shared/billing/billing-ports';
import { onceAsync } from './once';

/** The S3 bucket `bucket`, its client and adapter loaded on first use. */
function s3Bucket(bucket: string): ObjectStore {
  const objects = onceAsync(async () => {
    const [{ createS3Client }, { createS3ObjectStore }] = await Promise.all([
      import('../../../shared/adapters/s3/s3-client'),
      import('../../../shared/adapters/s3/s3-object-store'),
    ]);
    return createS3ObjectStore(
      createS3Client({ ...CLIENT_TIMEOUTS, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED' }),
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
export function exportsBucket(bucket: string | undefined): ObjectStore {
  if (bucket) return s3Bucket(bucket);
  const missing = async (): Promise<never> => {
    throw new Error('WARDEN_BUCKET_EXPORTS is not set for this function (see its `buckets` in the manifest)');
  };
  return { put: missing, get: missing, downloadUrl: missing };
}
