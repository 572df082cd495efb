/**
 * The hourly sealing of the audit digests, with their copies in the digests bucket (its S3 client
 * loaded on the first put). Apart from compose/audit-digests.ts so the routes' bundle holds no S3.
 */
import { CLIENT_TIMEOUTS } from '../../../shared/adapters/client-timeouts';
import type { DigestArchive } from '../../../shared/audit/digest-ports';
import { createDigestSealing } from '../../../shared/audit/digest-sealing';
import { config } from '../config';
import { digestStore, keyRing } from './audit-digests';
import { clock } from './kernel';
import { onceAsync } from './once';
import { tenancyStore } from './tenancy-store';

/** The digests' S3 copies, the client loaded on the first put; none where the function has no bucket. */
function digestArchive(bucket: string | undefined): DigestArchive | undefined {
  if (!bucket) return undefined;
  const archive = onceAsync(async () => {
    const [{ createS3Client }, { createS3DigestArchive }] = await Promise.all([
      import('../../../shared/adapters/s3/s3-client'),
      import('../../../shared/adapters/s3/s3-digest-archive'),
    ]);
    return createS3DigestArchive(
      createS3Client({ ...CLIENT_TIMEOUTS, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED' }),
      bucket,
    );
  });
  return { put: async (payload, digest) => (await archive()).put(payload, digest) };
}

/** The hourly sealing job. */
export const digestSealing = onceAsync(async () => {
  const archive = digestArchive(config().digestsBucket);
  return createDigestSealing({
    tenancy: tenancyStore(),
    store: digestStore(),
    reader: digestStore(),
    captured: digestStore(),
    keys: await keyRing(),
    clock: clock(),
    ...(archive ? { archive } : {}),
  });
});
